// The rich-text editor of record bodies: pell (MIT, from the npm registry) over every textarea marked
// data-rich-text. It writes plain HTML (paragraphs, headings, lists, tables, links, bold) into the textarea the
// form posts; the server sanitises it again (publishing/sanitising.py is the authority). Without JavaScript the
// textarea stays and works. Pasting from Word or WPS keeps headings, lists, tables, links and bold and drops
// their styles, classes and list markers. No inline script or style: the page's CSP forbids both.
(function () {
  "use strict";

  var KEEP = { P: 1, BR: 1, H1: 1, H2: 1, H3: 1, H4: 1, H5: 1, H6: 1, STRONG: 1, B: 1, EM: 1, I: 1, U: 1, S: 1,
    SUB: 1, SUP: 1, BLOCKQUOTE: 1, UL: 1, OL: 1, LI: 1, TABLE: 1, CAPTION: 1, THEAD: 1, TBODY: 1, TFOOT: 1,
    TR: 1, TH: 1, TD: 1, A: 1, HR: 1 };
  var DROP = { SCRIPT: 1, STYLE: 1, META: 1, LINK: 1, TITLE: 1, XML: 1, HEAD: 1, IMG: 1, OBJECT: 1, IFRAME: 1 };
  var ATTRS = { A: ["href"], TD: ["colspan", "rowspan"], TH: ["colspan", "rowspan"], OL: ["start"] };
  var BULLETS = /^[\u00b7\u2022\u25aa\u25cf\u25cb\u25a0\u25a1\u25c6\u25c7\u2605\u2606\u27a2\u2713\u2219\u00a7o\uf0a7\uf0b7\uf06c\uf0d8\-\u2013*]\s*$/;

  function attr(el, name) { return (el.getAttribute && el.getAttribute(name)) || ""; }

  // Parsing markup with style attributes or <style> elements breaks the page's CSP (Chrome applies it to
  // DOMParser's documents too): drop <style> blocks and keep styles as data-style, read by what follows.
  function parse(html) {
    var safe = html.replace(/<style[\s\S]*?<\/style>/gi, "").replace(/(<[^>]*?\s)style(\s*=)/gi, "$1data-style$2");
    return new DOMParser().parseFromString(safe, "text/html");
  }

  // Word and WPS write a list as paragraphs styled "mso-list: l0 level2 lfo1" whose marker is a span
  // styled "mso-list: Ignore". Turn runs of them into real (nested) lists.
  function listLevel(p) {
    var style = attr(p, "data-style");
    if (!/mso-list\s*:/i.test(style) || /mso-list\s*:\s*ignore/i.test(style)) return 0;
    var m = /level(\d+)/i.exec(style);
    return m ? parseInt(m[1], 10) : 1;
  }

  function takeMarker(p) {
    var marker = "";
    var ignored = p.querySelectorAll("[data-style]");
    for (var i = 0; i < ignored.length; i++) {
      if (/mso-list\s*:\s*ignore/i.test(attr(ignored[i], "data-style"))) {
        marker += ignored[i].textContent;
        ignored[i].parentNode.removeChild(ignored[i]);
      }
    }
    if (!marker) {  // WPS sometimes writes the marker as plain text
      var m = /^\s*([\u00b7\u2022\u25aa\u25cf\u25cb\u25a0\u25c6]|\(?[0-9一二三四五六七八九十]+[.、)）])\s*/.exec(p.textContent);
      if (m && p.firstChild && p.firstChild.nodeType === 3) {
        marker = m[1];
        p.firstChild.nodeValue = p.firstChild.nodeValue.replace(/^\s*\S+?\s*/, "");
      }
    }
    return marker.replace(/\u00a0/g, " ").trim();
  }

  function wordLists(root) {
    var paragraphs = Array.prototype.slice.call(root.querySelectorAll("p"));
    var stack = [];
    var last = null;
    paragraphs.forEach(function (p) {
      var level = listLevel(p);
      if (!level) { stack = []; last = null; return; }
      var contiguous = last && (last.nextElementSibling === p ||
        (last.nextSibling && last.nextSibling.nodeType === 3 && !last.nextSibling.nodeValue.trim() &&
         last.nextSibling.nextSibling === p));
      if (!contiguous) stack = [];
      var marker = takeMarker(p);
      var ordered = marker && !BULLETS.test(marker);
      while (stack.length > level) stack.pop();
      if (stack.length < level) {
        var list = p.ownerDocument.createElement(ordered ? "ol" : "ul");
        if (stack.length) {
          var parentList = stack[stack.length - 1];
          (parentList.lastElementChild || parentList).appendChild(list);
        } else {
          p.parentNode.insertBefore(list, p);
        }
        while (stack.length < level) stack.push(list);
      }
      last = p;
      var li = p.ownerDocument.createElement("li");
      while (p.firstChild) li.appendChild(p.firstChild);
      stack[stack.length - 1].appendChild(li);
      // keep the emptied paragraph as the anchor of contiguity until the next one is examined
      p.setAttribute("data-moved", "1");
    });
    Array.prototype.forEach.call(root.querySelectorAll("p[data-moved]"), function (p) {
      p.parentNode.removeChild(p);
    });
  }

  function isBold(el) {
    var style = attr(el, "data-style");
    return /font-weight\s*:\s*(bold|[6-9]00)/i.test(style);
  }

  function clean(node, doc) {
    var out = doc.createDocumentFragment();
    Array.prototype.forEach.call(node.childNodes, function (child) {
      if (child.nodeType === 3) { out.appendChild(doc.createTextNode(child.nodeValue)); return; }
      if (child.nodeType !== 1) return;  // comments, Word's conditional blocks
      var tag = child.tagName.toUpperCase();
      if (DROP[tag] || tag.indexOf(":") !== -1) return;  // o:p, v:shape, w:sdt…
      var inner = clean(child, doc);
      var cls = attr(child, "class");
      if (tag === "P" && /MsoTitle/.test(cls)) tag = "H1";
      else if (tag === "P" && /MsoSubtitle/.test(cls)) tag = "H2";
      if (KEEP[tag]) {
        var el = doc.createElement(tag.toLowerCase());
        (ATTRS[tag] || []).forEach(function (name) {
          var value = attr(child, name);
          if (name === "href" && !/^(https?:|mailto:|\/|#)/i.test(value)) return;
          if (value) el.setAttribute(name, value);
        });
        if (isBold(child) && tag !== "STRONG" && tag !== "B") {
          var strong = doc.createElement("strong");
          strong.appendChild(inner);
          el.appendChild(strong);
        } else {
          el.appendChild(inner);
        }
        out.appendChild(el);
      } else if (isBold(child)) {
        var b = doc.createElement("strong");
        b.appendChild(inner);
        out.appendChild(b);
      } else {
        out.appendChild(inner);  // span, font, div, section…: keep what is inside
      }
    });
    return out;
  }

  function cleanPastedHtml(html) {
    var source = parse(html);
    wordLists(source.body);
    var doc = document.implementation.createHTMLDocument("");
    var box = doc.createElement("div");
    box.appendChild(clean(source.body, doc));
    Array.prototype.forEach.call(box.querySelectorAll("p, h1, h2, h3, h4, h5, h6, li, strong"), function (el) {
      if (!el.textContent.replace(/[\s\u00a0]/g, "") && !el.querySelector("br, table")) el.parentNode.removeChild(el);
    });
    box.normalize();
    Array.prototype.forEach.call(box.querySelectorAll("p, h1, h2, h3, h4, h5, h6, li, td, th"), function (el) {
      var first = el.firstChild, last = el.lastChild;
      if (first && first.nodeType === 3) first.nodeValue = first.nodeValue.replace(/^[\s]+/, "");
      if (last && last.nodeType === 3) last.nodeValue = last.nodeValue.replace(/[\s]+$/, "");
    });
    return box.innerHTML;
  }

  function asHtml(text) {
    if (/<\/?(p|h[1-6]|ul|ol|table|div|br|strong|b|a)\b/i.test(text)) return text;
    return text.split(/\n{2,}|\r\n\r\n/).filter(function (s) { return s.trim(); }).map(function (s) {
      var p = document.createElement("p");
      p.textContent = s.trim();
      return p.outerHTML;
    }).join("");
  }

  function tableHtml() {
    var rows = "";
    for (var r = 0; r < 3; r++) {
      var cells = "";
      for (var c = 0; c < 3; c++) cells += r === 0 ? "<th>表头</th>" : "<td>\u00a0</td>";
      rows += "<tr>" + cells + "</tr>";
    }
    return "<table><tbody>" + rows + "</tbody></table><p><br></p>";
  }

  function start(textarea) {
    if (!window.pell || textarea.dataset.richTextReady) return;
    textarea.dataset.richTextReady = "1";
    var exec = window.pell.exec;
    var holder = document.createElement("div");
    holder.className = textarea.dataset.richText === "small" ? "rich-editor small" : "rich-editor";
    textarea.parentNode.insertBefore(holder, textarea);
    var editor = window.pell.init({
      element: holder,
      defaultParagraphSeparator: "p",
      onChange: function (html) { textarea.value = html; },
      classes: { actionbar: "rich-editor-bar", button: "rich-editor-button", content: "rich-editor-content",
        selected: "is-on" },
      actions: [
        { name: "paragraph", icon: "正文", title: "正文段落", result: function () { return exec("formatBlock", "<p>"); } },
        { name: "heading2", icon: "标题", title: "标题", result: function () { return exec("formatBlock", "<h2>"); } },
        { name: "heading3", icon: "小标题", title: "小标题", result: function () { return exec("formatBlock", "<h3>"); } },
        { name: "bold", icon: "加粗", title: "加粗" },
        { name: "olist", icon: "编号列表", title: "编号列表（1. 2. 3.）" },
        { name: "ulist", icon: "项目列表", title: "项目列表（• • •）" },
        { name: "link", icon: "链接", title: "插入链接", result: function () {
          var url = window.prompt("请输入链接地址（以 http:// 或 https:// 开头）：", "https://");
          if (url && /^(https?:\/\/|mailto:)/i.test(url)) exec("createLink", url);
          return true;
        } },
        { name: "table", icon: "表格", title: "插入三行三列的表格", result: function () { return exec("insertHTML", tableHtml()); } },
        { name: "unformat", icon: "清除格式", title: "清除所选文字的格式", result: function () { return exec("removeFormat"); } },
        { name: "undo", icon: "撤销", title: "撤销", result: function () { return exec("undo"); } },
        { name: "redo", icon: "重做", title: "重做", result: function () { return exec("redo"); } },
      ],
    });
    var content = editor.content;
    content.innerHTML = asHtml(textarea.value);
    content.setAttribute("role", "textbox");
    content.setAttribute("aria-multiline", "true");
    var label = document.querySelector("label[for='" + textarea.id + "']");
    if (label) {
      if (!label.id) label.id = textarea.id + "_label";
      content.setAttribute("aria-labelledby", label.id);
      label.addEventListener("click", function (event) { event.preventDefault(); content.focus(); });
    }
    var bar = holder.querySelector(".rich-editor-bar");
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", (label ? label.textContent.replace("*", "").trim() : "正文") + "格式");
    content.addEventListener("paste", function (event) {
      var data = event.clipboardData;
      var html = data && data.getData("text/html");
      if (!html) return;  // plain text: the browser's own paste is right
      event.preventDefault();
      exec("insertHTML", cleanPastedHtml(html));
      textarea.value = content.innerHTML;
    });
    textarea.classList.add("rich-editor-source");
    textarea.setAttribute("aria-hidden", "true");
    textarea.tabIndex = -1;
    textarea.value = content.innerHTML;
  }

  function startAll() {
    Array.prototype.forEach.call(document.querySelectorAll("textarea[data-rich-text]"), start);
  }
  window.gongkaiCleanPastedHtml = cleanPastedHtml;  // for the browser tests of pasting from Word/WPS
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startAll);
  else startAll();
})();
