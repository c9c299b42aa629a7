"""`gongkai privacy-scan`: exit codes 0/1/2, JSON and Chinese output, standard input (through the real
console command, as a unit would run it before upload)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.publishing.privacy_support import PEOPLE, build_xlsx

GONGKAI = Path(sys.executable).with_name("gongkai")


def run(*args, stdin: str | None = None):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "gongkai.settings.test"}
    return subprocess.run([str(GONGKAI), "privacy-scan", *args], input=stdin, capture_output=True, text=True,
                          env=env, timeout=120)


def test_help_works_with_the_hyphenated_name():
    result = run("--help")
    assert result.returncode == 0 and "隐私与敏感信息审查" in result.stdout


def test_exit_1_and_json_when_something_is_found(tmp_path):
    path = build_xlsx(tmp_path / "低保名单.xlsx")
    result = run(str(path), "--json")
    assert result.returncode == 1, result.stderr
    items = json.loads(result.stdout)
    assert {"file", "kind", "text", "start", "end", "masked"} <= set(items[0])
    assert {i["kind"] for i in items} >= {"id_number", "mobile", "address"}
    row = next(i for i in items if i["text"] == PEOPLE[0][1])
    assert row["file"] == str(path) and row["masked"] == "430503********1236" and row["location"] == "低保名单!C2"


def test_exit_0_when_clean(tmp_path):
    path = tmp_path / "通知.txt"
    path.write_text("关于开展2024年政务公开工作的通知\n邵放组办字〔2020〕1号\n2021-06-30", encoding="utf-8")
    result = run(str(path))
    assert result.returncode == 0
    assert "未发现个人信息或敏感表述" in result.stdout
    assert json.loads(run(str(path), "--json").stdout) == []


def test_standard_input_and_chinese_report():
    result = run("-", stdin="联系电话：13812345678，大祥县民政局")
    assert result.returncode == 1
    assert "标准输入：发现 2 处需要处理" in result.stdout
    assert "[手机号码]" in result.stdout and "138****5678" in result.stdout and "大祥区" in result.stdout


def test_exit_2_on_missing_file(tmp_path):
    result = run(str(tmp_path / "没有.pdf"))
    assert result.returncode == 2
    assert "文件不存在" in result.stderr


def test_exit_2_on_corrupt_xlsx_and_unknown_type(tmp_path):
    corrupt = tmp_path / "坏.xlsx"
    corrupt.write_bytes(b"PK\x03\x04not really a zip")
    unknown = tmp_path / "x.bin"
    unknown.write_bytes(b"\x00\x01\x02\x03")
    result = run(str(corrupt), str(unknown))
    assert result.returncode == 2
    assert "损坏" in result.stderr and "无法识别的文件类型" in result.stderr


def test_exit_2_wins_over_findings_and_other_files_are_still_scanned(tmp_path):
    good = tmp_path / "a.txt"
    good.write_text("手机13812345678", encoding="utf-8")
    result = run(str(good), str(tmp_path / "none.txt"), "--json")
    assert result.returncode == 2
    assert [i["text"] for i in json.loads(result.stdout)] == ["13812345678"]


def test_word_list_from_the_setting_path(tmp_path):
    words = tmp_path / "words.json"
    words.write_text('[{"word": "测试禁用词", "correction": "规范用语"}]', encoding="utf-8")
    env_result = subprocess.run(
        [str(GONGKAI), "privacy-scan", "-", "--json"], input="这里有测试禁用词，也有大祥县", capture_output=True,
        text=True, timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "gongkai.settings.test", "GONGKAI_SENSITIVE_WORDS_PATH": str(words)},
    )
    assert env_result.returncode == 1
    assert [(i["text"], i["masked"]) for i in json.loads(env_result.stdout)] == [("测试禁用词", "规范用语")]


def test_a_file_piped_to_standard_input_is_read_by_its_content(tmp_path):
    data = build_xlsx(tmp_path / "x.xlsx").read_bytes()
    result = subprocess.run([str(GONGKAI), "privacy-scan", "-", "--json"], input=data, capture_output=True,
                            timeout=120, env={**os.environ, "DJANGO_SETTINGS_MODULE": "gongkai.settings.test"})
    assert result.returncode == 1
    assert PEOPLE[0][1] in {i["text"] for i in json.loads(result.stdout)}


def test_offsets_in_a_text_file_are_offsets_into_the_file(tmp_path):
    path = tmp_path / "a.txt"
    text = "第一行\r\n联系电话：13812345678\r\n"
    path.write_bytes(text.encode("utf-8"))
    (item,) = json.loads(run(str(path), "--json").stdout)
    assert text[item["start"]:item["end"]] == "13812345678" and item["location"] == "第2行"


def test_exit_2_on_a_broken_word_list(tmp_path):
    words = tmp_path / "words.json"
    words.write_text("[{", encoding="utf-8")
    result = subprocess.run(
        [str(GONGKAI), "privacy-scan", "-"], input="任意", capture_output=True, text=True, timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "gongkai.settings.test", "GONGKAI_SENSITIVE_WORDS_PATH": str(words)},
    )
    assert result.returncode == 2 and "敏感词表" in result.stderr
