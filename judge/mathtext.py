"""LaTeX math as readable terminal text: ``$1 \\le n \\le 10^5$`` becomes ``1 ≤ n ≤ 10⁵``.

Not a TeX engine: a table of symbols, Unicode super- and subscripts where every
character has one, ``a/b`` for fractions and ``√`` for roots, and the commands it
does not know shown by name. `latex_to_text` is a pure function of one formula;
`math_in_markdown` replaces every ``$...$`` and ``$$...$$`` of a Markdown text
outside code.
"""
from __future__ import annotations

import re

# Relations and binary operators: shown with a space on each side.
_SPACED = {
    "le": "≤", "leq": "≤", "leqslant": "≤", "ge": "≥", "geq": "≥", "geqslant": "≥", "ne": "≠", "neq": "≠",
    "lt": "<", "gt": ">", "approx": "≈", "equiv": "≡", "sim": "∼", "simeq": "≃", "cong": "≅", "propto": "∝",
    "ll": "≪", "gg": "≫", "cdot": "·", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "ast": "∗",
    "circ": "∘", "oplus": "⊕", "otimes": "⊗", "wedge": "∧", "land": "∧", "vee": "∨", "lor": "∨",
    "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "subseteq": "⊆", "supset": "⊃", "supseteq": "⊇",
    "cup": "∪", "cap": "∩", "setminus": "∖", "mid": "|", "to": "→", "rightarrow": "→", "gets": "←",
    "leftarrow": "←", "leftrightarrow": "↔", "Rightarrow": "⇒", "implies": "⇒", "Leftarrow": "⇐",
    "Leftrightarrow": "⇔", "iff": "⇔", "mapsto": "↦", "bmod": "mod", "mod": "mod",
}
# Symbols that stand for themselves.
_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ",
    "upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
    "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "infty": "∞", "ell": "ℓ", "emptyset": "∅", "varnothing": "∅",
    "forall": "∀", "exists": "∃", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉",
    "langle": "⟨", "rangle": "⟩", "ldots": "…", "dots": "…", "cdots": "⋯", "vdots": "⋮", "ddots": "⋱",
    "prime": "′", "star": "⋆", "angle": "∠", "triangle": "△",
    "lvert": "|", "rvert": "|", "vert": "|", "lVert": "‖", "rVert": "‖", "Vert": "‖", "|": "‖",
    "{": "{", "}": "}", "%": "%", "$": "$", "&": "&", "#": "#", "_": "_",
    ",": "\u2009", ";": " ", ":": " ", ">": " ", " ": " ", "!": "", "quad": "\u2003", "qquad": "\u2003\u2003",
    "\\": "\n", "displaystyle": "", "textstyle": "", "limits": "", "nolimits": "",
}
# Big operators: a space before them, their limits attached.
_BIG = {"sum": "∑", "prod": "∏", "int": "∫", "oint": "∮", "bigcup": "⋃", "bigcap": "⋂", "bigoplus": "⨁"}
# Operators written before their operand: the space after them goes.
_PREFIX = {"partial": "∂", "nabla": "∇", "neg": "¬", "lnot": "¬"}
# Named functions keep their name.
_FUNCTIONS = {"log", "ln", "lg", "exp", "sin", "cos", "tan", "max", "min", "sup", "inf", "lim", "gcd", "lcm",
              "det", "deg", "arg", "dim", "ker", "Pr", "argmax", "argmin"}
# Sizing and spacing wrappers that vanish (the delimiter after them stays).
_INVISIBLE = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr",
              "middle", "nonumber", "notag"}
# Commands whose one argument is shown as plain text.
_TEXT = {"text", "textrm", "textit", "textbf", "texttt", "mathrm", "mathit", "mathbf", "mathsf", "mathtt",
         "operatorname", "boldsymbol", "bm", "mbox", "mathcal", "mathscr", "mathfrak", "emph"}
_BLACKBOARD = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "P": "ℙ", "E": "𝔼"}
# Accents on one character: combining marks.
_ACCENTS = {"hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0305", "tilde": "\u0303",
            "widetilde": "\u0303", "vec": "\u20d7", "dot": "\u0307", "ddot": "\u0308", "underline": "\u0332"}

_SUPERSCRIPT = dict(zip("0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW*′",
                        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ*′"))
_SUBSCRIPT = dict(zip("0123456789+-=()aehijklmnoprstuvxβγρφχ",
                      "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ"))

_COMMAND = re.compile(r"\\([A-Za-z]+|.)")


class _Reader:
    """Reads one formula left to right; each method returns the text of what it read."""

    def __init__(self, source: str):
        self.s, self.i = source, 0

    def read_all(self, stop: str | None = None) -> str:
        out: list[str] = []
        while self.i < len(self.s):
            if stop is not None and self.s[self.i] == stop:
                self.i += 1
                break
            out.append(self.read_item())
        return "".join(out)

    def read_item(self) -> str:
        c = self.s[self.i]
        if c == "{":
            self.i += 1
            return self.read_all("}")
        if c == "\\":
            return self.read_command()
        if c in "^_":
            self.i += 1
            return _script(self.read_argument(), _SUPERSCRIPT if c == "^" else _SUBSCRIPT, c)
        self.i += 1
        if c in "~&" or c.isspace():  # a tie, an alignment tab, spacing
            return " "
        return "′" if c == "'" else c

    def read_argument(self) -> str:
        """One argument: a {group}, a command, or a single character (spaces before it skipped)."""
        self.skip_spaces()
        if self.i >= len(self.s):
            return ""
        return self.read_item()

    def read_optional(self) -> str | None:
        """An optional [argument], if one follows."""
        if self.s.startswith("[", self.i):
            end = self.s.find("]", self.i)
            if end != -1:
                text = _Reader(self.s[self.i + 1:end]).read_all()
                self.i = end + 1
                return text
        return None

    def skip_spaces(self) -> None:
        while self.i < len(self.s) and self.s[self.i].isspace():
            self.i += 1

    def read_command(self) -> str:
        match = _COMMAND.match(self.s, self.i)
        if match is None:  # a lone backslash at the end
            self.i += 1
            return ""
        name = match.group(1)
        self.i = match.end()
        if name in _SPACED:
            return f" {_SPACED[name]} "
        if name in _SYMBOLS:
            return _SYMBOLS[name]
        if name in _BIG:
            return " " + _BIG[name]
        if name in _PREFIX:
            self.skip_spaces()
            return _PREFIX[name]
        if name in _FUNCTIONS:
            return name + " " if self.s[self.i:self.i + 1].isalnum() else name
        if name in _INVISIBLE:
            self.skip_spaces()
            if self.s.startswith("\\", self.i):  # \left\{ , \right\|
                return self.read_command()
            if self.s.startswith(".", self.i):  # \right. is no delimiter
                self.i += 1
                return ""
            return ""
        if name in ("begin", "end"):
            self.read_argument()  # the environment's name: its content is read as usual
            return ""
        if name in ("frac", "dfrac", "tfrac", "cfrac"):
            numerator, denominator = self.read_argument(), self.read_argument()
            return f"{_grouped(numerator)}/{_grouped(denominator)}"
        if name == "binom":
            top, bottom = self.read_argument(), self.read_argument()
            return f"C({top.strip()}, {bottom.strip()})"
        if name == "sqrt":
            degree = self.read_optional()
            root = {"3": "∛", "4": "∜"}.get((degree or "").strip(), "√")
            if degree and root == "√":
                root = _script(degree, _SUPERSCRIPT, "^") + "√"
            return root + _grouped(self.read_argument())
        if name == "pmod":
            return f" (mod {self.read_argument().strip()})"
        if name == "mathbb":
            text = self.read_argument()
            return "".join(_BLACKBOARD.get(ch, ch) for ch in text)
        if name in _TEXT:
            return self.read_argument()
        if name in _ACCENTS:
            text = self.read_argument().strip()
            if len(text) == 1:
                return text + _ACCENTS[name]
            return f"{name}({text})"
        return name  # unknown: its name is the most readable thing to show


def _is_atom(text: str) -> bool:
    """Readable without parentheses: one number, one name, one symbol with its scripts, (...) or √(...)."""
    text = text.strip().lstrip("√∛∜∂∇")
    if text.startswith("(") and text.endswith(")") and _closing_paren(text) == len(text) - 1:
        return True
    return bool(re.fullmatch(r"[\w.′\u0300-\u036f\u20d7⁰¹²³⁴⁵⁶⁷⁸⁹ⁱⁿ₀-₉ᵢⱼₖₗₘₙ∞ℓ]+", text)) or len(text) <= 1


def _closing_paren(text: str) -> int:
    depth = 0
    for index, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0:
            return index
    return -1


def _grouped(text: str) -> str:
    text = text.strip()
    return text if _is_atom(text) else f"({text})"


def _script(text: str, table: dict[str, str], mark: str) -> str:
    """Unicode super/subscript when every character has one, else ^(...) / _(...)."""
    compact = text.strip().replace(" ", "")
    if compact and all(ch in table for ch in compact):
        return "".join(table[ch] for ch in compact)
    return f"{mark}{compact}" if len(compact) == 1 else f"{mark}({text.strip()})"


def latex_to_text(formula: str) -> str:
    """A LaTeX formula (without its dollars) as readable Unicode text: one line per ``\\\\`` row."""
    text = _Reader(formula).read_all()
    lines = []
    for line in text.split("\n"):
        line = re.sub(r" {2,}", " ", line)
        line = re.sub(r"([(\[⌊⌈⟨]) ", r"\1", line)
        line = re.sub(r" ([)\]⌋⌉⟩,;.])", r"\1", line)
        lines.append(line.strip(" "))
    return "\n".join(line for line in lines if line)


# Code (fenced blocks and spans) is left alone; math outside it is converted.
_MARKDOWN_MATH = re.compile(
    r"(?P<fence>^[ \t]*(?P<tick>```+|~~~+).*?^[ \t]*(?P=tick)[ \t]*$)"
    r"|(?P<code>(?P<ticks>`+).+?(?P=ticks))"
    r"|\$\$(?P<display>.+?)\$\$"
    r"|(?<![\\$\w])\$(?P<inline>[^$\s`](?:(?:(?!\n[ \t]*\n)[^$`])*?[^$\s`])?)\$(?!\d)",
    re.S | re.M)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def math_in_markdown(markdown: str) -> str:
    """Every $inline$ and $$display$$ formula outside code replaced by readable text."""

    def replace(match: re.Match) -> str:
        if match.group("display") is not None:
            lines = latex_to_text(match.group("display")).split("\n")
            return "\n\n" + "  \n".join("\u2003" + _escape_markdown(line) for line in lines) + "\n\n"
        if match.group("inline") is not None:
            return _escape_markdown(latex_to_text(match.group("inline")))
        return match.group(0)

    return _MARKDOWN_MATH.sub(replace, markdown)
