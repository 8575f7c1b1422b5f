"""Document -> a Word file (.docx) built with python-docx.

Only Word's built-in styles are used ("Title", "Heading 1/2", "List Bullet", "Table Grid"),
so the file keeps real headings, lists and tables in Word and LibreOffice, and a team can
restyle it with their own template. Word needs no escaping: typed text is stored as text.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Callable
from typing import Any

from .model import (
    BulletList,
    Clause,
    Definitions,
    Document,
    Gap,
    Heading,
    Paragraph,
    Placeholder,
    SignatureBlock,
    Table,
    Text,
    clean,
    plain,
)

_SIGN_LINE, _DATE_LINE = "_" * 34, "_" * 16
# A generous width of one character of body text (bold headers, and fonts LibreOffice
# substitutes, run wide), and a cell's left and right margins in "Table Grid".
_CHAR_PT, _PADDING_PT = 7.0, 12
_KEEP_WHOLE = 16  # a column whose cells are all this short gets room for them unwrapped
_SPLIT_ABOVE = 300  # characters in a cell above which a row may break across pages
# Paragraph properties that must come after <w:bidi> in <w:pPr> (WordprocessingML order).
_AFTER_BIDI = ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:jc", "w:rPr")


def _is_rtl(text: str) -> bool:
    """True when the first letter with a direction is Arabic, Hebrew or similar."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def _write(paragraph: Any, text: str, bold: bool = False, italic: bool = False) -> Any:
    """Add `text` as one run; newlines become line breaks, right-to-left text runs so."""
    from docx.oxml import OxmlElement

    text = clean(text)
    first = not paragraph.runs  # the paragraph's direction follows its first words
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    # Word styles Arabic and Hebrew by the "complex script" twins of bold and italic.
    run.font.cs_bold, run.font.cs_italic = run.bold, run.italic
    if first and _is_rtl(text):
        paragraph._p.get_or_add_pPr().insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)
    return run


def _heading(out: Any, block: Heading) -> None:
    _write(out.add_paragraph(style=f"Heading {block.level}"), block.text)


def _paragraph(out: Any, block: Paragraph) -> None:
    _write(out.add_paragraph(), block.text)


def _placeholder(out: Any, block: Placeholder) -> None:
    _write(out.add_paragraph(), block.text, italic=True)


def _bullets(out: Any, block: BulletList) -> None:
    for item in block.items:
        _write(out.add_paragraph(style="List Bullet"), item)


def _row_flag(row: Any, tag: str) -> None:
    """Set a row property: "w:tblHeader" (repeat on each page) or "w:cantSplit"."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    flag = OxmlElement(tag)
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _widths(block: Table, usable: int) -> list[int]:
    """Column widths (EMU): each wide enough for its longest word, so Word never breaks
    "Organization" mid-word, then the space left shared out by how much text a column holds."""
    from docx.shared import Pt

    floors, shares = [], []
    for i, head in enumerate(block.header):
        cells = [head, *(row[i] for row in block.rows)]
        longest = max(len(w) for c in cells for w in (c.split() or [""]))
        if max(len(c) for c in cells[1:] or [""]) <= _KEEP_WHOLE:  # dates, short names
            longest = max(longest, *(len(c) for c in cells[1:]))
        floors.append(Pt(_CHAR_PT * longest + _PADDING_PT))
        shares.append(1 + sum(min(len(c), 200) for c in cells) / len(cells))
    spare = usable - sum(floors)
    if spare <= 0:  # too many long words to fit: shrink every column alike
        return [int(f * usable / sum(floors)) for f in floors]
    return [int(f + spare * s / sum(shares)) for f, s in zip(floors, shares, strict=True)]


def _set_widths(out: Any, table: Any, block: Table) -> None:
    section = out.sections[-1]
    usable = section.page_width - section.left_margin - section.right_margin
    for column, width in zip(table.columns, _widths(block, usable), strict=True):
        column.width = width  # LibreOffice reads the grid; Word reads each cell
        for cell in column.cells:
            cell.width = width


def _table(out: Any, block: Table) -> None:
    table = out.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        _write(cell.paragraphs[0], text, bold=True)
    _row_flag(table.rows[0], "w:tblHeader")
    for values in block.rows:
        row = table.add_row()
        for cell, text in zip(row.cells, values, strict=True):
            _write(cell.paragraphs[0], text)
        # Keep a short row on one page. Never a long one: Word cuts off a row that is kept
        # whole but taller than a page.
        if max(map(len, values), default=0) <= _SPLIT_ABOVE:
            _row_flag(row, "w:cantSplit")
    _set_widths(out, table, block)
    out.add_paragraph()  # Word runs a table into what follows; this keeps them apart


def _signatures(out: Any, block: SignatureBlock) -> None:
    from docx.shared import Pt

    for s in block.signers:
        who = out.add_paragraph()
        who.paragraph_format.space_before = Pt(18)
        who.paragraph_format.keep_with_next = True  # never a name on one page, line on next
        _write(who, s.name, bold=True)
        rest = ", ".join(clean(x) for x in (s.title, s.organization) if x.strip())
        if rest:
            _write(who, ", " + rest)
        date = s.date if s.date.strip() else _DATE_LINE
        _write(out.add_paragraph(), f"Signature: {_SIGN_LINE}   Date: {date}")


# Clause numbering, one Word list with three levels: "1." (a clause's title), "1.1" and
# "(a)". Indents in twips (720 = half an inch): where the number starts, and where the text does.
_INDENT = 720
_LEVELS = (("decimal", "%1.", 0), ("decimal", "%1.%2", 0), ("lowerLetter", "(%3)", _INDENT))


def _numbering(out: Any) -> int:
    """The numId of the document's clause numbering, added to numbering.xml on first use."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    if getattr(out, "_clause_num_id", None) is None:
        numbering = out.part.numbering_part.element
        used = [int(a.get(qn("w:abstractNumId"))) for a in numbering.xpath("./w:abstractNum")]
        aid = max(used, default=-1) + 1
        levels = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr>'
            f'<w:ind w:left="{start + _INDENT}" w:hanging="{_INDENT}"/></w:pPr></w:lvl>'
            for i, (fmt, text, start) in enumerate(_LEVELS)
        )
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{aid}">'
            f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
        )
        nums = numbering.xpath("./w:num")  # every abstractNum must come before any num
        if nums:
            nums[0].addprevious(abstract)
        else:  # pragma: no cover - python-docx's template has lists
            numbering.append(abstract)
        out._clause_num_id = numbering.add_num(aid).numId
    return int(out._clause_num_id)


def _write_text(paragraph: Any, text: Text) -> None:
    """Clause text: each gap in italics and highlighted, so it cannot be missed."""
    from docx.enum.text import WD_COLOR_INDEX

    for piece in text:
        if isinstance(piece, Gap):
            _write(paragraph, piece.text, italic=True).font.highlight_color = WD_COLOR_INDEX.YELLOW
        elif piece:
            _write(paragraph, piece)


def _clause(out: Any, block: Clause) -> None:
    from docx.shared import Twips

    if block.level == 1:
        paragraph = out.add_paragraph(style="Heading 1")
        _write(paragraph, plain(block.text))
    else:
        paragraph = out.add_paragraph()
        _write_text(paragraph, block.text)
    num = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num.get_or_add_ilvl().val = min(block.level, 3) - 1
    num.get_or_add_numId().val = _numbering(out)
    for more in block.more:
        extra = out.add_paragraph()
        extra.paragraph_format.left_indent = Twips(_INDENT * (block.level - 1))
        _write_text(extra, more)


def _definitions(out: Any, block: Definitions) -> None:
    from docx.shared import Twips

    for term, meaning in block.items:
        paragraph = out.add_paragraph()
        paragraph.paragraph_format.left_indent = Twips(_INDENT)
        _write(paragraph, f"\u201c{term}\u201d", bold=True)
        _write(paragraph, f" {meaning}")


BLOCKS: dict[type, Callable[[Any, Any], None]] = {
    Heading: _heading,
    Paragraph: _paragraph,
    Placeholder: _placeholder,
    BulletList: _bullets,
    Table: _table,
    SignatureBlock: _signatures,
    Clause: _clause,
    Definitions: _definitions,
}


def _properties(out: Any, doc: Document) -> None:
    """File > Properties in Word: python-docx's template would say "python-docx", 2013."""
    props = out.core_properties
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    title = doc.title + (f": {doc.subtitle}" if doc.subtitle.strip() else "")
    # python-docx refuses core properties longer than 255 characters.
    props.title = clean(title)[:255]
    props.author = props.last_modified_by = clean(doc.author)[:255]
    props.subject, props.comments = clean(doc.title)[:255], "Made with guidelib."
    props.language = doc.lang
    props.created = props.modified = now
    props.revision = 1


def render_docx(doc: Document) -> bytes:
    """The document as the bytes of a .docx file."""
    import docx  # lazy: python-docx and lxml add ~70 ms; `import guidelib` stays light
    from docx.shared import Inches

    out = docx.Document()
    _properties(out, doc)
    for section in out.sections:  # the template's 1.25-inch sides squeeze wide tables
        section.left_margin = section.right_margin = Inches(1)
    _write(out.add_paragraph(style="Title"), doc.title)
    if doc.subtitle.strip():
        _write(out.add_paragraph(style="Subtitle"), doc.subtitle)
    for block in doc.blocks:
        BLOCKS[type(block)](out, block)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
