"""Provides SectionTree: the plan's chapters, sections and items, collapsible."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tui.display import one_line
from tui.document.model import Document, Section
from tui.ui import actions

LABEL_CHARS = 200  # of a section's title in the tree (the pane shows fewer)


class SectionTree(Tree[str]):
    """One node per section; node data is the section id.

    Selecting a node posts Tree.NodeSelected (the screen moves the reader);
    ``follow`` only moves the highlight, so following never loops back.
    """

    BINDINGS = actions.bindings("tree")

    def __init__(self, document: Document, *, id: str | None = None) -> None:
        super().__init__(document.meta.title or "", id=id)
        self.document = document
        self.show_root = False
        self.guide_depth = 2
        self._traditional = False
        self._counts: dict[str, int] = {}
        self._section_nodes: dict[str, TreeNode[str]] = {}
        self._populate()

    def _populate(self) -> None:
        self.clear()
        self._section_nodes.clear()
        for section in self.document.sections:
            parent = self.root if section.parent_id is None else self._section_nodes[section.parent_id]
            node = parent.add(self._label(section), data=section.id, allow_expand=bool(section.child_ids))
            self._section_nodes[section.id] = node
            # Chapters open, so the first view shows the plan's outline.
            if section.level <= 1 and section.child_ids:
                node.expand()
        self.root.expand()

    def _label(self, section: Section) -> Text:
        # Inert and bounded: a title is plan text (escape sequences, a scrape's 1 MB "title").
        label = Text(one_line(section.label(self._traditional), LABEL_CHARS))
        count = self._counts.get(section.id, 0)
        if count:
            # In front: long titles are cut at the pane's edge, the count must stay.
            label = Text.assemble((f"{count}", "bold reverse"), " ", label)
        return label

    def _relabel(self) -> None:
        for sid, node in self._section_nodes.items():
            node.set_label(self._label(self.document.section_by_id[sid]))

    def set_traditional(self, traditional: bool) -> None:
        if traditional != self._traditional:
            self._traditional = traditional
            self._relabel()

    def set_counts(self, counts: dict[str, int]) -> None:
        """Annotation counts per section id (shown before the title)."""
        # Only the sections whose count changed: relabelling every node is slow.
        changed = {sid for sid in counts.keys() | self._counts.keys() if counts.get(sid) != self._counts.get(sid)}
        self._counts = dict(counts)
        for sid in changed:
            node = self._section_nodes.get(sid)
            if node is not None:
                node.set_label(self._label(self.document.section_by_id[sid]))

    def set_document(self, document: Document) -> None:
        """Rebuild for ``document`` (titles may have changed), keeping the counts."""
        self.document = document
        self._populate()

    def node_for(self, section_id: str) -> TreeNode[str] | None:
        return self._section_nodes.get(section_id)

    def follow(self, section_id: str) -> None:
        """Highlight ``section_id`` (expanding its ancestors) without selecting it."""
        node = self._section_nodes.get(section_id)
        if node is None:
            return
        parent = node.parent
        while parent is not None and parent is not self.root:
            if not parent.is_expanded:
                parent.expand()
            parent = parent.parent
        if self.cursor_node is not node:
            # Expanding drops the line index; rebuild it now (as Tree does on
            # idle) so that the node's line is current before moving there.
            self._tree_lines  # noqa: B018
            if node.line >= 0:
                self.move_cursor(node, animate=False)
