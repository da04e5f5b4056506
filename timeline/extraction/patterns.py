"""Regular expressions built from word lists as prefix trees.

`re` tries the members of a flat alternation one by one at every position; a prefix tree tries
each letter once, which makes scanning text for hundreds of words several times faster.
"""

import re

STEM = "\x00"  # in a word list: "any word ending follows" (a keyword written "missile*")


def trie_pattern(words: list[str], pieces: dict[str, str] | None = None) -> str:
    """An alternation of `words` as a prefix tree; a space matches any run of spaces and a
    trailing `STEM` any word ending; `pieces` maps other characters to patterns of their own. At
    each position the longest word is tried first."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def piece(char: str) -> str:
        if pieces and char in pieces:
            return pieces[char]
        if char == " ":
            return r"\s+"
        if char == STEM:
            return r"\w*"
        return re.escape(char)

    def branch(node: dict) -> str:
        children = [piece(char) + branch(child) for char, child in sorted(node.items()) if char]
        if not children:
            return ""
        group = f"(?:{'|'.join(children)})"
        return f"{group}?" if "" in node else group

    return branch(tree)
