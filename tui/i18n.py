"""Provides the message catalogue: every user-facing UI string, zh and en.

The language is ``POLICY_TUI_LANG`` (``zh`` by default, ``en``), read when a
string is looked up.  Key bindings take their descriptions when the UI
modules are imported, so the CLI sets the variable before importing them.

Other helpers add their own keys only inside the block marked for their area.
"""

from __future__ import annotations

import os

LANGS = ("zh", "en")

# key -> (zh, en).  Placeholders use str.format names and must match.
MESSAGES: dict[str, tuple[str, str]] = {
    # --- app -----------------------------------------------------------
    "app.title": ("政策规划阅读器", "Policy plan reader"),
    "app.untitled": ("（无标题）", "(untitled)"),
    "app.script.simp": ("简", "Simp"),
    "app.script.trad": ("繁", "Trad"),
    "app.script.now_simp": ("显示简体", "Showing simplified text"),
    "app.script.now_trad": ("显示繁体", "Showing traditional text"),
    # --- key descriptions (footer, help screen, palette) ---------------
    "key.focus_next": ("下一窗格", "Next pane"),
    "key.focus_prev": ("上一窗格", "Previous pane"),
    "key.next_measure": ("下一句", "Next measure"),
    "key.prev_measure": ("上一句", "Previous measure"),
    "key.half_down": ("下半页", "Half page down"),
    "key.half_up": ("上半页", "Half page up"),
    "key.page_down": ("下一页", "Page down"),
    "key.top": ("开头", "Top"),
    "key.end": ("末尾", "End"),
    "key.search": ("搜索", "Search"),
    "key.next_hit": ("下一处", "Next hit"),
    "key.prev_hit": ("上一处", "Previous hit"),
    "key.clear_search": ("清除高亮", "Clear highlights"),
    "key.mentions": ("提及", "Mentions"),
    "key.key_terms": ("关键词", "Key terms"),
    "key.related": ("相关", "Related"),
    "key.spots": ("原文", "Raw text"),
    "key.toggle_script": ("简/繁", "Simp/Trad"),
    "key.toggle_tree": ("目录栏", "Toggle tree"),
    "key.toggle_notes": ("批注栏", "Toggle notes"),
    "key.palette": ("命令", "Commands"),
    "key.help": ("帮助", "Help"),
    "key.quit": ("退出", "Quit"),
    "key.select": ("跳转/选择", "Jump / select"),
    "key.close": ("关闭", "Close"),
    "key.click": ("点击目录或句子；滚轮滚动", "Click a tree node or a measure; wheel scrolls"),
    # --- help screen ---------------------------------------------------
    "help.title": ("键盘快捷键", "Keys"),
    "help.group.reading": ("阅读", "Reading"),
    "help.group.search": ("搜索", "Search"),
    "help.group.lists": ("列表（提及、关键词、相关、原文）", "Lists (mentions, key terms, related, raw text)"),
    "help.group.app": ("应用", "App"),
    "help.col.key": ("按键", "Key"),
    "help.col.action": ("作用", "Action"),
    "help.search_enter": (
        "在搜索框中：高亮全部结果并跳到光标后的第一处",
        "In the search box: highlight all hits, jump to the first after the cursor",
    ),
    "help.search_escape": ("在搜索框中：关闭搜索框", "In the search box: close it"),
    "help.mouse": ("鼠标", "mouse"),
    "help.hint": ("按 Esc 或 ? 关闭", "esc or ? closes"),
    # --- status line and search ----------------------------------------
    "search.placeholder": ("搜索（回车查找，Esc 关闭）", "Search (enter finds, esc closes)"),
    "search.state": ("{query} {current}/{total}", "{query} {current}/{total}"),
    "search.none_state": ("{query} 0", "{query} 0"),
    "search.no_hits": ("未找到“{query}”", "No hits for “{query}”"),
    "search.found": ("“{query}”共 {total} 处", "{total} hits for “{query}”"),
    "search.wrapped_first": ("已到末尾，回到第一处", "Reached the end; wrapped to the first hit"),
    "search.wrapped_last": ("已到开头，回到最后一处", "Reached the start; wrapped to the last hit"),
    "search.needed": ("请先按 / 搜索", "Search first with /"),
    "search.cleared": ("已清除搜索高亮", "Search highlights cleared"),
    # --- section tree and notes pane -----------------------------------
    "tree.title": ("目录", "Contents"),
    "notes.title": ("批注", "Notes"),
    "notes.measure": ("条目", "Measure"),
    "notes.section": ("位置", "Section"),
    "notes.empty": ("本条暂无批注", "No notes on this measure"),
    "notes.spots": ("本条有 {count} 处损坏片段（按 o 查看原文）", "{count} damaged span(s) here (o shows the raw text)"),
    "notes.tags": ("标签：{tags}", "Tags: {tags}"),
    # --- lists -----------------------------------------------------------
    "list.hint": ("回车跳转，Esc 关闭", "enter jumps, esc closes"),
    "mentions.title": ("“{query}”的提及：共 {total} 处", "Mentions of “{query}”: {total}"),
    "mentions.group": ("{label}（{count}）", "{label} ({count})"),
    "terms.title": ("本条关键词（回车搜索）", "Key terms of this measure (enter searches)"),
    "terms.none": ("本条没有关键词", "No key terms in this measure"),
    "terms.count": ("全文 {count} 处", "{count} in the plan"),
    "related.title": ("相关条目", "Related measures"),
    "related.none": ("没有找到相关条目", "No related measures found"),
    "related.shared": ("共同词：{terms}", "shared: {terms}"),
    "spots.title": ("损坏片段与原文", "Damaged spans and raw text"),
    "spots.hint": ("按 Esc 或 o 关闭", "esc or o closes"),
    "spots.none": ("本条没有损坏片段", "No damaged spans in this measure"),
    "spots.context": ("上下文", "context"),
    "spots.raw": ("原文", "raw"),
    "spots.fixed": ("修复", "fixed"),
    "spots.status": ("状态", "status"),
    "spots.reason": ("说明", "reason"),
    "spots.status.auto": ("自动修复", "auto-fixed"),
    "spots.status.errata": ("勘误修复", "fixed by errata"),
    "spots.status.flagged": ("未能修复", "flagged, not fixed"),
    # --- command palette -----------------------------------------------
    "cmd.placeholder": ("输入命令或章节编号、标题…", "Type a command, or a section number or title…"),
    "cmd.goto": ("转到章节", "Go to section"),
    "cmd.search_for": ("搜索“{query}”", "Search for “{query}”"),
    "cmd.search": ("搜索…", "Search…"),
    "cmd.search.help": ("打开搜索框", "Open the search box"),
    "cmd.mentions.help": ("列出当前搜索的全部提及", "List every hit of the current search"),
    "cmd.key_terms.help": ("当前条目的关键词", "Key terms of the current measure"),
    "cmd.related.help": ("与当前条目相关的条目", "Measures related to the current one"),
    "cmd.spots.help": ("当前条目的损坏片段与原文", "Damaged spans of the current measure"),
    "cmd.script.help": ("在简体和繁体之间切换", "Switch between simplified and traditional"),
    "cmd.tree.help": ("显示或隐藏目录栏", "Show or hide the section tree"),
    "cmd.notes.help": ("显示或隐藏批注栏", "Show or hide the notes pane"),
    "cmd.theme": ("配色主题", "Theme"),
    "cmd.theme.help": ("更换配色主题", "Change the colour theme"),
    "cmd.help.help": ("显示全部快捷键", "Show every key"),
    "cmd.quit.help": ("退出程序", "Quit the app"),
    # --- loading and errors --------------------------------------------
    "load.importing": ("正在导入 {name} …", "Importing {name} …"),
    "load.failed": ("导入失败：{error}", "Import failed: {error}"),
    "error.no_file": ("找不到文件：{path}", "no such file: {path}"),
    "error.not_file": ("不是文件：{path}", "not a file: {path}"),
    "error.bad_suffix": ("不支持的文件类型：{path}（请用 .json 或 .txt）", "unsupported file type: {path} (use .json or .txt)"),
    "error.unreadable": ("无法读取 {path}：{error}", "cannot read {path}: {error}"),
    "error.bad_doc": ("无法打开 {path}：{error}", "cannot open {path}: {error}"),
    "error.no_bundled": ("找不到内置文档：{path}", "bundled document missing: {path}"),
    # --- annotations in the app (UI) ---------------------------------------
    "key.annotate": ("批注", "Note"),
    "key.annotate_hit": ("批注搜索结果", "Note on the search hit"),
    "key.tags": ("标签", "Tags"),
    "key.delete_note": ("删除批注", "Delete note"),
    "key.undo": ("撤销", "Undo"),
    "key.prev_note": ("上一条批注", "Previous annotated measure"),
    "key.next_note": ("下一条批注", "Next annotated measure"),
    "key.notes_list": ("批注列表", "All notes"),
    "key.export": ("导出", "Export"),
    "key.save": ("保存", "Save"),
    "key.cancel": ("取消", "Cancel"),
    "key.external_editor": ("用 $EDITOR 编辑", "Edit in $EDITOR"),
    "key.new_note": ("另建新批注", "Make it a new note"),
    "key.yes": ("确定", "Yes"),
    "key.no": ("取消", "No"),
    "help.group.notes": ("批注", "Notes"),
    "help.notes_enter": ("在批注列表中：跳到该条目", "In the notes list: jump to its measure"),
    "help.notes_filter": (
        "批注列表筛选：文字、#标签（如 #禹州市）、章:3；↓ 进入列表",
        "Notes list filter: words, #tag (a county is a tag), ch:3; ↓ enters the list",
    ),
    "help.editor": (
        "编辑器中：ctrl+s 保存，Esc 取消，ctrl+e 用 $EDITOR 编辑，ctrl+n 另建新批注",
        "In the editor: ctrl+s saves, esc cancels, ctrl+e edits in $EDITOR, ctrl+n makes a new note",
    ),
    "cmd.annotate.help": ("为当前条目写批注（a）", "Write a note on the current measure (a)"),
    "cmd.tags.help": ("为当前条目加标签（t）", "Tag the current measure (t)"),
    "cmd.notes_list.help": ("列出并筛选全部批注（l）", "List and filter every note (l)"),
    "cmd.export.help": ("导出批注为 Markdown、CSV 或 JSON（e）", "Export notes as Markdown, CSV or JSON (e)"),
    "cmd.undo.help": ("撤销本次会话中对批注的最近一次修改（u）", "Undo the latest change to the notes in this session (u)"),
    "ann.help.db": ("批注数据库：{path}", "Annotation database: {path}"),
    "ann.help.read_only": ("只读：{reason}", "Read-only: {reason}"),
    "ann.pane.loading": ("正在读取批注…", "Loading notes…"),
    "ann.pane.read_only": ("只读：{reason}", "Read-only: {reason}"),
    "ann.pane.hint_empty": ("a 写批注 · t 加标签 · l 全部批注", "a note · t tags · l all notes"),
    "ann.pane.hint": ("a 编辑 · t 标签 · d 删除 · u 撤销 · l 全部批注", "a edit · t tags · d delete · u undo · l all notes"),
    "ann.note.truncated": ("（共 {count} 字，仅显示开头）", "({count} characters; only the start is shown)"),
    "ann.dates": ("创建 {created} · 修改 {updated}", "created {created} · updated {updated}"),
    "ann.date": ("创建 {created}", "created {created}"),
    "ann.filter.chapter": ("章:", "ch:"),
    "ann.list.placeholder": ("筛选：文字、#标签、章:3", "Filter: words, #tag, ch:3"),
    "ann.list.summary": ("全部批注：显示 {shown}/{total}", "All notes: {shown} of {total} shown"),
    "ann.list.hint": ("回车跳转 · Esc 回到正文 · l 返回本条", "enter jumps · esc back to the text · l this measure"),
    "ann.list.orphans": ("无法定位的批注（{count}）", "Orphaned notes ({count})"),
    "ann.list.more": ("……还有 {count} 条，请细化筛选", "… {count} more; narrow the filter"),
    "ann.list.none": ("没有符合的批注", "No matching notes"),
    "ann.list.problems": ("{count} 条记录无法读取（仍保留在文件中）", "{count} records could not be read (they stay in the file)"),
    "ann.list.orphan_jump": ("这条批注无法在正文中定位，原文：{quote}", "This note could not be placed in the text; it quoted: {quote}"),
    "ann.editor.new": ("新批注 · {where}", "New note · {where}"),
    "ann.editor.new_hit": ("新批注（仅搜索结果「{quote}」）· {where}", "New note (on the hit “{quote}” only) · {where}"),
    "ann.editor.edit": ("编辑批注 · {where}", "Edit note · {where}"),
    "ann.editor.hint": ("ctrl+s 保存 · Esc 取消 · ctrl+e 用 $EDITOR 编辑", "ctrl+s saves · esc cancels · ctrl+e edits in $EDITOR"),
    "ann.editor.hint_others": ("本条共有 {count} 条批注；ctrl+n 把这段文字存为新批注", "This measure has {count} note(s); ctrl+n saves this text as a new note"),
    "ann.editor.now_new": ("将另存为新批注（原批注不变）", "Will be saved as a new note (the old one stays)"),
    "ann.editor.discard": ("有未保存的修改：再按一次 Esc 放弃", "Unsaved changes: press esc again to discard them"),
    "ann.editor.no_editor": ("未设置 $EDITOR（例如 export EDITOR=vim），内容已保留", "$EDITOR is not set (e.g. export EDITOR=vim); your text is kept"),
    "ann.editor.editor_failed": ("外部编辑器出错：{error}；内容已保留", "The external editor failed: {error}; your text is kept"),
    "ann.editor.exit_code": ("退出码 {code}", "exit code {code}"),
    "ann.editor.no_suspend": ("此终端不能暂停程序来运行外部编辑器；内容已保留", "This terminal cannot suspend the app for an external editor; your text is kept"),
    "ann.editor.from_editor": ("已载入外部编辑器中的内容（ctrl+s 保存）", "Text taken from the external editor (ctrl+s saves)"),
    "ann.editor.too_long": (
        "批注很长（{count} 字），这里只显示开头，不能直接修改；按 ctrl+e 用 $EDITOR 编辑全文",
        "This note is long ({count} characters): only its start is shown and it cannot be edited here; ctrl+e edits it all in $EDITOR",
    ),
    "ann.editor.save_failed": ("未保存：{error}（内容仍在编辑器中）", "Not saved: {error} (your text is still here)"),
    "ann.editor.empty": ("批注为空，未保存", "The note is empty; nothing was saved"),
    "ann.saved": ("批注已保存", "Note saved"),
    "ann.unchanged": ("批注没有改动", "The note is unchanged"),
    "ann.tags.title": ("标签 · {where}", "Tags · {where}"),
    "ann.tags.placeholder": ("用逗号、顿号或空格分隔，如：禹州市，产业", "Separate with commas or spaces, e.g. county, industry"),
    "ann.tags.hint": ("→ 采用建议 · 回车保存 · Esc 取消", "→ accepts the suggestion · enter saves · esc cancels"),
    "ann.tags.suggest": ("建议：", "Suggestions: "),
    "ann.tags.saved": ("标签已保存：{tags}", "Tags saved: {tags}"),
    "ann.tags.cleared": ("标签已清除", "Tags removed"),
    "ann.choose.edit": ("本条有 {count} 条批注：选择要编辑的一条", "This measure has {count} notes: choose one to edit"),
    "ann.choose.tags": ("本条有 {count} 条批注：选择要加标签的一条", "This measure has {count} notes: choose one to tag"),
    "ann.choose.delete": ("本条有 {count} 条批注：选择要删除的一条", "This measure has {count} notes: choose one to delete"),
    "ann.choose.new": ("＋ 新建批注", "+ New note"),
    "ann.delete.title": ("删除这条批注？", "Delete this note?"),
    "ann.delete.hint": ("y 或回车删除 · n 或 Esc 取消（删除后可按 u 撤销）", "y or enter deletes · n or esc cancels (u undoes a delete)"),
    "ann.deleted": ("已删除批注（u 撤销）", "Note deleted (u undoes)"),
    "ann.none_here": ("本条没有批注（a 添加）", "No note on this measure (a adds one)"),
    "ann.no_hit": (
        "这里没有当前搜索结果：先按 / 搜索，再用 n 跳到要批注的地方",
        "No current search hit here: search with / and go to the hit with n first",
    ),
    "ann.read_only_key": ("无法保存批注：{reason}", "Cannot save notes: {reason}"),
    "ann.loading": ("批注仍在读取，请稍候", "Notes are still loading; try again in a moment"),
    "ann.no_notes": ("还没有批注（a 添加）", "No notes yet (a adds one)"),
    "ann.wrapped_first": ("已到末尾，回到第一条批注", "Reached the end; wrapped to the first note"),
    "ann.wrapped_last": ("已到开头，回到最后一条批注", "Reached the start; wrapped to the last note"),
    "ann.exported": ("已导出：{path}", "Exported to {path}"),
    "ann.reanchor_failed": ("未能保存重新定位的批注：{error}", "Could not save the re-anchored notes: {error}"),
    "ann.orphans_found": (
        "{count} 条批注无法在正文中定位，见批注列表（l）末尾",
        "{count} notes could not be placed in the text; see the end of the notes list (l)",
    ),
    "ann.load_failed": ("无法读取批注：{error}", "Cannot load notes: {error}"),
    "ann.undo.failed": ("撤销失败：{error}", "Undo failed: {error}"),
    # --- end annotations in the app ----------------------------------------
    # --- annotations (annotations helper) -------------------------------
    "ann.error.unreadable": ("无法读取批注数据库 {path}：{error}", "cannot read the annotation database {path}: {error}"),
    "ann.error.is_dir": ("批注数据库路径是一个目录：{path}", "the annotation database path is a directory: {path}"),
    "ann.error.no_db": ("找不到批注数据库：{path}", "no annotation database at {path}"),
    "ann.error.corrupt": (
        "批注数据库 {path} 已损坏（{reason}），已以只读方式打开；副本保存在 {copy}。修复或移走该文件后才能保存批注",
        "the annotation database {path} is damaged ({reason}); opened read-only, a copy is kept at {copy}. "
        "Repair or move the file away to save notes again",
    ),
    "ann.error.corrupt_nocopy": (
        "批注数据库 {path} 已损坏（{reason}），已以只读方式打开（未能保存副本）。修复或移走该文件后才能保存批注",
        "the annotation database {path} is damaged ({reason}); opened read-only (no copy could be kept). "
        "Repair or move the file away to save notes again",
    ),
    "ann.error.damaged": ("批注数据库 {path} 已损坏（{reason}）", "the annotation database {path} is damaged ({reason})"),
    "ann.error.read_only": ("批注数据库以只读方式打开", "the annotation database is open read-only"),
    "ann.error.newer": (
        "批注数据库 {path} 由更新版本的程序写入（格式 {schema}），已以只读方式打开",
        "the annotation database {path} was written by a newer version (schema {schema}); opened read-only",
    ),
    "ann.error.bad_record": ("记录 {record} 无效：{problem}", "record {record} is invalid: {problem}"),
    "ann.error.locked": ("批注数据库 {path} 正被另一个进程占用，请稍后重试", "the annotation database {path} is locked by another process; try again"),
    "ann.error.conflict": ("批注数据库 {path} 已被另一个进程修改，请重试", "the annotation database {path} was changed by another process; try again"),
    "ann.error.write": ("无法保存批注到 {path}：{error}", "cannot save annotations to {path}: {error}"),
    "ann.error.disk_full": ("磁盘已满", "the disk is full"),
    "ann.error.exists": ("批注 {uuid} 已存在", "annotation {uuid} already exists"),
    "ann.undo.add": ("已撤销：添加批注（{where}）", "Undone: add note ({where})"),
    "ann.undo.edit": ("已撤销：修改批注（{where}）", "Undone: edit note ({where})"),
    "ann.undo.tag": ("已撤销：修改标签（{where}）", "Undone: change tags ({where})"),
    "ann.undo.delete": ("已撤销：删除批注（{where}）", "Undone: delete note ({where})"),
    "ann.undo.empty": ("没有可撤销的操作", "Nothing to undo"),
    "ann.cli.county": ("县区", "county"),
    "ann.cli.no_tags": ("暂无标签", "no tags yet"),
    "ann.cli.no_annotations": ("暂无批注", "no annotations"),
    "ann.cli.orphaned": ("无法定位", "orphaned"),
    # --- end annotations -------------------------------------------------
    # --- export (export helper) ------------------------------------------
    "export.title": ("导出批注", "Export annotations"),
    "export.scope": ("范围", "Scope"),
    "export.scope.all": ("全部批注", "All annotations"),
    "export.scope.chapter": ("当前章：{chapter}", "Current chapter: {chapter}"),
    "export.scope.no_chapter": ("当前章（光标不在任何一章）", "Current chapter (the cursor is in none)"),
    "export.scope.tags": ("按标签", "By tag"),
    "export.scope.county": ("按县（市、区）", "By county"),
    "export.tags.placeholder": ("标签，用逗号或空格分隔", "Tags, separated by commas or spaces"),
    "export.county.prompt": ("选择县（市、区）", "Choose a county"),
    "export.format": ("格式", "Format"),
    "export.path": ("保存到", "Save to"),
    "export.count": ("将导出 {count} 条批注（{measures} 条措施，{orphans} 条孤立）",
                     "{count} annotations will be written ({measures} measures, {orphans} orphaned)"),
    "export.need_tags": ("请至少输入一个标签", "Enter at least one tag"),
    "export.need_county": ("请选择一个县（市、区）", "Choose a county"),
    "export.need_path": ("请填写保存路径", "Enter a path to save to"),
    "export.ok": ("导出", "Export"),
    "export.cancel": ("取消", "Cancel"),
    "export.close": ("关闭", "Close"),
    "export.written": ("已写入 {path}（{count} 条批注）", "Wrote {path} ({count} annotations)"),
    "export.failed": ("导出失败：{error}", "Export failed: {error}"),
    # --- end export -------------------------------------------------------
    # --- store (issues 13, 14): keys of this area go here ---
    # --- end store (issues 13, 14) ---
    # --- ingest (issue 10): keys of this area go here ---
    # --- end ingest (issue 10) ---
    # --- repair (issue 11): keys of this area go here ---
    "review.spot": ("待核 {n}  {path}  [{measure}]", "Spot {n}  {path}  [{measure}]"),
    "review.no_readings": ("（没有可用的读法，请手动修正）", "(no reading: fix it by hand)"),
    "review.count": ("共 {count} 处待核损坏", "{count} damaged spots to review"),
    "review.none": ("没有待核的损坏", "No damaged spots to review"),
    "review.accepted": ("已采纳 {count} 处最佳读法（概率 ≥ {threshold}），仍有 {left} 处待核",
                        "Accepted {count} best readings (p >= {threshold}); {left} spots left to review"),
    "review.written": ("已写入 {doc} 与勘误 {errata}", "Wrote {doc} and errata {errata}"),
    "review.error.threshold": ("概率须在 0 到 1 之间：{value}", "the probability must be between 0 and 1: {value}"),
    "review.error.overwrite_raw": ("{path}：会覆盖原始文本；请用 -o 指定输出", "{path}: would overwrite the raw text; pass -o"),
    "review.error.write": ("{path}：无法写入（{error}）", "{path}: cannot write ({error})"),
    "repair.summary.codepage": ("整篇乱码已修复：{fix}", "whole-file mojibake fixed: {fix}"),
    "repair.summary.review": ("待核损坏 {count} 处：policy-tui review {doc}", "{count} damaged spots to review: policy-tui review {doc}"),
    # --- end repair (issue 11) ---
    # --- polish (issue 12): keys of this area go here ---
    # --- end polish (issue 12) ---
    # --- library (issue 15): keys of this area go here ---
    # --- end library (issue 15) ---
}


def lang() -> str:
    """The interface language: ``en`` if POLICY_TUI_LANG says so, else ``zh``."""
    value = os.environ.get("POLICY_TUI_LANG", "").strip().lower()
    return "en" if value.startswith("en") else "zh"


def t(key: str, **values: object) -> str:
    """The string for ``key`` in the current language, formatted with ``values``."""
    zh, en = MESSAGES[key]
    text = en if lang() == "en" else zh
    return text.format(**values) if values else text
