"""A jurisdiction's boundary as uploaded GeoJSON, checked before it is kept. Pure: no Django.

The disclosure map (公开地图) draws each township's shape from it. What is kept is only geometry: a
FeatureCollection of Polygon / MultiPolygon features, longitude and latitude in degrees (WGS 84, the
order GeoJSON prescribes, RFC 7946 §3.1.1), without the uploaded properties — nothing of the file but
its shapes ever reaches a public page. Every refusal is a Chinese sentence the office can act on."""

from __future__ import annotations

import json
import math
from typing import Any

MAX_BYTES = 512 * 1024
MAX_POSITIONS = 20_000
SHAPE_TYPES = ("Polygon", "MultiPolygon")


class BoundaryRefused(ValueError):
    """The file cannot be a boundary: `message` says why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def boundary_parse(content: bytes) -> dict[str, Any]:
    """The boundary in `content` (a GeoJSON FeatureCollection, Feature, Polygon or MultiPolygon) as a
    FeatureCollection of its shapes only. Raises BoundaryRefused."""
    if not content:
        raise BoundaryRefused("请选择要上传的 GeoJSON 文件。")
    if len(content) > MAX_BYTES:
        raise BoundaryRefused(f"文件过大（{len(content) // 1024} KB），边界文件不能超过 {MAX_BYTES // 1024} KB，"
                              "请简化边界后再上传。")
    try:
        doc = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise BoundaryRefused("文件不是 UTF-8 编码的文本，请上传 GeoJSON 文件（.geojson 或 .json）。")
    except ValueError:
        raise BoundaryRefused("文件不是有效的 JSON，请上传 GeoJSON 文件（.geojson 或 .json）。")
    geometries = [_geometry(feature, number) for number, feature in enumerate(_features(doc), start=1)]
    if not geometries:
        raise BoundaryRefused("文件中没有任何边界（要素集合为空）。")
    positions = sum(_count_positions(g) for g in geometries)
    if positions > MAX_POSITIONS:
        raise BoundaryRefused(f"边界的坐标点过多（{positions} 个），不能超过 {MAX_POSITIONS} 个，请简化边界后再上传。")
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": {}, "geometry": g} for g in geometries]}


def _features(doc: Any) -> list[Any]:
    if not isinstance(doc, dict) or not isinstance(doc.get("type"), str):
        raise BoundaryRefused("文件不是 GeoJSON：缺少“type”。")
    kind = doc["type"]
    if kind == "FeatureCollection":
        features = doc.get("features")
        if not isinstance(features, list):
            raise BoundaryRefused("GeoJSON 要素集合（FeatureCollection）缺少“features”列表。")
        return features
    if kind == "Feature":
        return [doc]
    if kind in SHAPE_TYPES:
        return [{"type": "Feature", "geometry": doc}]
    raise BoundaryRefused(f"不支持的 GeoJSON 类型“{kind[:40]}”：边界只能是面（Polygon）或多面（MultiPolygon）。")


def _geometry(feature: Any, number: int) -> dict[str, Any]:
    where = f"第 {number} 个要素"
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise BoundaryRefused(f"{where}不是 GeoJSON 要素（Feature）。")
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict):
        raise BoundaryRefused(f"{where}没有几何图形（geometry）。")
    kind = geometry.get("type")
    if kind not in SHAPE_TYPES:
        raise BoundaryRefused(f"{where}是“{str(kind)[:40]}”，边界只能是面（Polygon）或多面（MultiPolygon）。")
    coordinates = geometry.get("coordinates")
    polygons = [coordinates] if kind == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons:
        raise BoundaryRefused(f"{where}的坐标（coordinates）为空或格式不对。")
    clean = [_polygon(polygon, where) for polygon in polygons]
    return {"type": kind, "coordinates": clean[0] if kind == "Polygon" else clean}


def _polygon(polygon: Any, where: str) -> list[list[list[float]]]:
    if not isinstance(polygon, list) or not polygon:
        raise BoundaryRefused(f"{where}的面没有任何环（坐标格式不对）。")
    return [_ring(ring, where) for ring in polygon]


def _ring(ring: Any, where: str) -> list[list[float]]:
    if not isinstance(ring, list) or len(ring) < 4:
        raise BoundaryRefused(f"{where}的边界环少于 4 个坐标点（首尾须为同一点）。")
    points = [_position(p, where) for p in ring]
    if points[0] != points[-1]:
        raise BoundaryRefused(f"{where}的边界环没有闭合：第一个和最后一个坐标点须相同。")
    return points


def _position(position: Any, where: str) -> list[float]:
    if (not isinstance(position, list) or len(position) < 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in position[:2])):
        raise BoundaryRefused(f"{where}有坐标点不是 [经度, 纬度] 数字对。")
    lon, lat = float(position[0]), float(position[1])
    if not (math.isfinite(lon) and math.isfinite(lat)) or not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise BoundaryRefused(f"{where}有坐标点超出经纬度范围（经度 −180～180，纬度 −90～90）：须为 WGS 84 经纬度，"
                              "经度在前。")
    return [lon, lat]


def _count_positions(geometry: dict[str, Any]) -> int:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return sum(len(ring) for polygon in polygons for ring in polygon)
