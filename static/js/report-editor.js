// RIPSO report editor: turns <textarea data-report-editor> into a rich-text editor (headings,
// lists, bold, italics, links, tables) built from django-prose-editor's bundle, loaded as a
// module from our own static files (no import map, no inline script or style: strict CSP).
// The textarea stays the form field: every change is written back to it and an "input" event
// is fired, so the htmx autosave of the form runs as with a plain textarea. Without JavaScript
// the textarea itself is the editor. The server sanitizes whatever arrives.
import {
  Blockquote, Bold, BulletList, Document, Dropcursor, Editor, Gapcursor, HardBreak, Heading,
  History, HorizontalRule, Italic, Link, ListItem, Menu, OrderedList, Paragraph, Strike,
  Table, TableCell, TableHeader, TableRow, Text, Underline,
} from "../django_prose_editor/editor.js";

const editors = new Map(); // textarea id -> Editor

// The editor's toolbar titles are English words in its bundle: translate them with the page's
// catalog (/jsi18n/, locale/*/LC_MESSAGES/djangojs.po), now and whenever the menu is redrawn.
const gettext = window.gettext || ((text) => text);
const interpolate = window.interpolate || ((fmt, args) => fmt.replace("%s", args[0]));

function translated(text) {
  const heading = /^heading (\d)$/.exec(text);
  return heading ? interpolate(gettext("heading %s"), [heading[1]]) : gettext(text);
}

function translateTitles(root) {
  root.querySelectorAll("[title]").forEach((el) => {
    const title = el.getAttribute("title");
    const text = translated(title);
    if (text !== title) {
      el.setAttribute("title", text);
      if (!el.getAttribute("aria-label") || el.getAttribute("aria-label") === title) {
        el.setAttribute("aria-label", text);
      }
    }
  });
}

function translateMenu(wrapper) {
  translateTitles(wrapper);
  new MutationObserver(() => translateTitles(wrapper)).observe(wrapper, {
    childList: true,
    subtree: true,
  });
}

function isEmpty(html) {
  return /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html);
}

function create(textarea) {
  if (editors.has(textarea.id) || textarea.closest(".prose-editor")) {
    return editors.get(textarea.id);
  }
  const wrapper = document.createElement("div");
  wrapper.className = "prose-editor report-editor";
  textarea.before(wrapper);
  wrapper.append(textarea);
  const editor = new Editor({
    element: wrapper,
    editable: !textarea.disabled,
    injectCSS: false, // our CSP refuses injected <style>; the styles come from editor.css
    extensions: [
      Document, Dropcursor, Gapcursor, Paragraph, HardBreak, Text, History, Menu,
      Heading.configure({ levels: [2, 3, 4] }), Bold, Italic, Underline, Strike,
      BulletList, OrderedList, ListItem, Blockquote, HorizontalRule, Link,
      Table, TableRow, TableHeader, TableCell,
    ],
    content: textarea.value,
    onUpdate({ editor: e }) {
      const html = e.getHTML();
      textarea.value = isEmpty(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
  });
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  if (label) {
    label.addEventListener("click", () => editor.commands.focus());
    editor.view.dom.setAttribute("aria-label", label.textContent.trim());
  }
  translateMenu(wrapper);
  editors.set(textarea.id, editor);
  return editor;
}

function init(root) {
  root.querySelectorAll("textarea[data-report-editor]").forEach(create);
}

// After a conflict the autosave pipeline (autosave.js) may put "their" text, or both texts, into
// the textarea: show it in the editor too.
document.addEventListener("ripso:value-set", (event) => {
  const editor = editors.get(event.target.id);
  if (editor) editor.commands.setContent(event.target.value, { emitUpdate: false });
});

init(document);
document.body.addEventListener("htmx:afterSettle", (event) => init(event.target));
