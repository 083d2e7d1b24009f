"""Provides SectionTree: the plan's chapters, sections and items, collapsible."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tui.display import one_line
from tui.document.model import Document, Section
from tui.ui import actions
from tui.ui.script import plan_title

LABEL_CHARS = 200  # of a section's title in the tree (the pane shows fewer)


def node_data(doc_id: str, section_id: str) -> str:
    """A node's data: which plan and which section (ids hold no tab)."""
    return f"{doc_id}\t{section_id}"


def parse_node_data(data: str) -> tuple[str, str]:
    doc_id, _, section_id = data.partition("\t")
    return doc_id, section_id


class SectionTree(Tree[str]):
    """One node per section (node data: ``node_data(plan, section)``); with several
    plans open, one top node per plan and its sections under it.

    Selecting a node posts Tree.NodeSelected (the screen moves the reader);
    ``follow`` only moves the highlight, so following never loops back.
    """

    BINDINGS = actions.bindings("tree")

    def __init__(self, document: Document, others: Sequence[Document] = (), *, id: str | None = None) -> None:
        super().__init__(document.meta.title or "", id=id)
        self.document = document  # the plan shown in the reader
        self.plans = [document, *others]
        self.show_root = False
        self.guide_depth = 2
        self._traditional = False
        self._counts: dict[str, int] = {}
        self._following: str | None = None  # the section to highlight at the next frame
        self._section_nodes: dict[tuple[str, str], TreeNode[str]] = {}
        self._plan_nodes: dict[str, TreeNode[str]] = {}
        self._populate()

    def _populate(self) -> None:
        self.clear()
        self._section_nodes.clear()
        self._plan_nodes.clear()
        several = len(self.plans) > 1
        for plan in self.plans:
            top = self.root
            if several:
                top = self.root.add(self._plan_label(plan), data=node_data(plan.id, ""))
                self._plan_nodes[plan.id] = top
                if plan.id == self.document.id:
                    top.expand()
            for section in plan.sections:
                parent = top if section.parent_id is None else self._section_nodes[(plan.id, section.parent_id)]
                node = parent.add(self._label(plan, section), data=node_data(plan.id, section.id),
                                  allow_expand=bool(section.child_ids))
                self._section_nodes[(plan.id, section.id)] = node
                # Chapters open, so the first view shows the plan's outline.
                if section.level <= 1 and section.child_ids:
                    node.expand()
        self.root.expand()

    def _plan_label(self, plan: Document) -> Text:
        return Text(one_line(plan_title(plan, self._traditional), LABEL_CHARS), style="bold")

    def _label(self, plan: Document, section: Section) -> Text:
        # Inert and bounded: a title is plan text (escape sequences, a scrape's 1 MB "title").
        label = Text(one_line(section.label(self._traditional), LABEL_CHARS))
        count = self._counts.get(section.id, 0) if plan.id == self.document.id else 0
        if count:
            # In front: long titles are cut at the pane's edge, the count must stay.
            label = Text.assemble((f"{count}", "bold reverse"), " ", label)
        return label

    def _relabel(self) -> None:
        by_id = {p.id: p for p in self.plans}
        for (doc_id, sid), node in self._section_nodes.items():
            plan = by_id[doc_id]
            node.set_label(self._label(plan, plan.section_by_id[sid]))
        for doc_id, node in self._plan_nodes.items():
            node.set_label(self._plan_label(by_id[doc_id]))

    def set_traditional(self, traditional: bool) -> None:
        if traditional != self._traditional:
            self._traditional = traditional
            self._relabel()

    def set_counts(self, counts: dict[str, int]) -> None:
        """Annotation counts per section id of the plan shown (shown before the title)."""
        # Only the sections whose count changed: relabelling every node is slow.
        changed = {sid for sid in counts.keys() | self._counts.keys() if counts.get(sid) != self._counts.get(sid)}
        self._counts = dict(counts)
        doc = self.document
        for sid in changed:
            node = self._section_nodes.get((doc.id, sid))
            if node is not None and sid in doc.section_by_id:
                node.set_label(self._label(doc, doc.section_by_id[sid]))

    def set_document(self, document: Document) -> None:
        """Show ``document`` as the current plan: one of those open, or the same plan
        with changed text (a reviewed fix; titles may have changed)."""
        self.plans = [document if p.id == document.id else p for p in self.plans]
        if all(p.id != document.id for p in self.plans):
            self.plans.append(document)
        self.document = document
        self._counts = {}
        self._populate()

    def node_for(self, section_id: str, doc_id: str | None = None) -> TreeNode[str] | None:
        return self._section_nodes.get((doc_id or self.document.id, section_id))

    def follow(self, section_id: str) -> None:
        """Highlight ``section_id`` of the plan shown (expanding its ancestors) without selecting it.

        At the frame after the one that shows the reader's move: on a big plan,
        revealing a section re-lays out the whole tree and redraws it (a third
        of a jump's time), and the text is where the reader's eyes are.  Moves
        made before that frame (a held key) cost one reveal, of the last one.
        """
        if self._following is None:
            self.call_after_refresh(self._reveal)
        self._following = section_id

    def _reveal(self) -> None:
        section_id, self._following = self._following, None
        node = self._section_nodes.get((self.document.id, section_id or ""))
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
