"""The boundary check of the disclosure map (organizations/boundaries.py): pure, no database."""

import json

import pytest

from gongkai.organizations.boundaries import MAX_BYTES, MAX_POSITIONS, BoundaryRefused, boundary_parse

SQUARE = [[111.4, 27.2], [111.5, 27.2], [111.5, 27.3], [111.4, 27.3], [111.4, 27.2]]


def as_bytes(doc) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode()


@pytest.mark.parametrize("doc", [
    {"type": "Polygon", "coordinates": [SQUARE]},
    {"type": "MultiPolygon", "coordinates": [[SQUARE], [SQUARE]]},
    {"type": "Feature", "properties": {"name": "罗市镇"}, "geometry": {"type": "Polygon", "coordinates": [SQUARE]}},
    {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [SQUARE]}}]},
])
def test_polygons_are_kept_as_a_feature_collection_of_shapes_only(doc):
    parsed = boundary_parse(as_bytes(doc))
    assert parsed["type"] == "FeatureCollection" and parsed["features"]
    for feature in parsed["features"]:
        assert feature["properties"] == {}  # nothing of the file but its shapes reaches a public page
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_a_byte_order_mark_is_accepted():
    assert boundary_parse(b"\xef\xbb\xbf" + as_bytes({"type": "Polygon", "coordinates": [SQUARE]}))


@pytest.mark.parametrize(("content", "message"), [
    (b"", "请选择"),
    (b"x" * (MAX_BYTES + 1), "文件过大"),
    (b"\xff\xfe\x00", "UTF-8"),
    (b"{not json", "不是有效的 JSON"),
    (as_bytes([1, 2]), "缺少“type”"),
    (as_bytes({"type": "Point", "coordinates": [111.4, 27.2]}), "只能是面"),
    (as_bytes({"type": "FeatureCollection", "features": []}), "没有任何边界"),
    (as_bytes({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": SQUARE}}]}), "第 1 个要素是“LineString”"),
    (as_bytes({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": None}]}), "没有几何图形"),
    (as_bytes({"type": "Polygon", "coordinates": [SQUARE[:3]]}), "少于 4 个坐标点"),
    (as_bytes({"type": "Polygon", "coordinates": [SQUARE[:4] + [[111.0, 27.0]]]}), "没有闭合"),
    (as_bytes({"type": "Polygon", "coordinates": [[[27.2, 411.4]] * 4]}), "超出经纬度范围"),
    (as_bytes({"type": "Polygon", "coordinates": [[["a", "b"]] * 4]}), "数字对"),
    (as_bytes({"type": "Polygon", "coordinates": []}), "没有任何环"),
    (as_bytes({"type": "MultiPolygon", "coordinates": []}), "为空"),
])
def test_what_is_not_a_boundary_is_refused_in_chinese(content, message):
    with pytest.raises(BoundaryRefused) as refused:
        boundary_parse(content)
    assert message in refused.value.message


def test_too_many_positions_are_refused():
    ring = [[111.0 + i * 1e-5, 27.0] for i in range(MAX_POSITIONS)] + [[111.0, 27.0]]
    content = json.dumps({"type": "Polygon", "coordinates": [ring]}, separators=(",", ":")).encode()
    assert len(content) <= MAX_BYTES
    with pytest.raises(BoundaryRefused, match="坐标点过多"):
        boundary_parse(content)
