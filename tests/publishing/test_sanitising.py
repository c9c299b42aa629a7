"""Record bodies are sanitised with nh3."""

from gongkai.publishing.sanitising import plain_text, sanitise_html


def test_script_elements_removed_with_their_content():
    out = sanitise_html("<p>通知</p><script>alert('x')</script>")
    assert "script" not in out and "alert" not in out and "<p>通知</p>" in out


def test_event_handler_attributes_removed():
    out = sanitise_html('<p onclick="steal()">正文</p><img src="a.png" onerror="steal()">')
    assert "onclick" not in out and "onerror" not in out and "steal" not in out
    assert "<p>正文</p>" in out


def test_javascript_links_removed():
    out = sanitise_html('<a href="javascript:alert(1)">点此</a><a href="JaVaScRiPt:alert(1)">再点</a>')
    assert "javascript" not in out.lower() and "点此" in out


def test_data_and_vbscript_urls_removed():
    out = sanitise_html('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a><a href="vbscript:msgbox">y</a>')
    assert "data:" not in out and "vbscript" not in out


def test_style_attributes_and_elements_removed():
    out = sanitise_html('<p style="color:red">红字</p><style>body{display:none}</style>')
    assert "style" not in out and "display" not in out and "红字" in out


def test_iframes_and_forms_removed():
    out = sanitise_html('<iframe src="https://evil.example"></iframe><form action="/x"><input name="a"></form>')
    assert "iframe" not in out and "form" not in out and "input" not in out


def test_sane_tags_kept():
    html = ('<h2>一、总则</h2><p><strong>重要</strong>和<em>说明</em></p><ul><li>一</li></ul>'
            '<table><tr><th colspan="2">表头</th></tr><tr><td>甲</td><td>乙</td></tr></table>'
            '<a href="https://www.gov.cn/">中国政府网</a>')
    out = sanitise_html(html)
    for fragment in ("<h2>", "<strong>", "<em>", "<li>", 'colspan="2"', 'href="https://www.gov.cn/"'):
        assert fragment in out
    assert 'rel="noopener noreferrer"' in out


def test_plain_text():
    assert plain_text("<p>甲&amp;乙</p><script>x()</script>") == "甲&乙"
