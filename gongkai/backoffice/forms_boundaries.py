"""The upload of a jurisdiction's boundary (GeoJSON) for the disclosure map."""

from pathlib import Path

from django import forms

from gongkai.backoffice.widgets import FileInput
from gongkai.organizations.boundaries import MAX_BYTES


class BoundaryForm(forms.Form):
    file = forms.FileField(label="边界文件（GeoJSON）", widget=FileInput(attrs={"accept": ".geojson,.json"}),
                           error_messages={"required": "请选择要上传的 GeoJSON 文件。",
                                           "empty": "上传的文件是空的。"},
                           help_text=f"GeoJSON 文件（.geojson 或 .json），WGS 84 经纬度，只含面（Polygon）或多面"
                                     f"（MultiPolygon），不超过 {MAX_BYTES // 1024} KB。")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"文件过大（{upload.size // 1024} KB），边界文件不能超过 {MAX_BYTES // 1024} KB，"
                                        "请简化边界后再上传。")
        if Path(upload.name).suffix.lower() not in (".geojson", ".json"):
            raise forms.ValidationError("只能上传 .geojson 或 .json 文件。")
        return upload
