"""libcst edits a mutant is made of: find a site in real source, change it, fail loudly if absent.

Every edit is a function from a parsed module to a changed module. An edit
that finds nothing raises `MutantError`: if the reference app is refactored,
a mutant must stop building rather than silently become the reference app.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import libcst as cst
import libcst.matchers as m

from harness.errors import HarnessError

Edit = Callable[[cst.Module], cst.Module]
Statements = list[cst.BaseStatement]


class MutantError(HarnessError):
    """A mutant's site is missing from the source, or its edit changed nothing."""


def statement_code(statement: cst.CSTNode) -> str:
    """The statement's source text, as `cst.Module([]).code_for_node` renders it."""
    return cst.Module([]).code_for_node(statement).strip()


def is_call_statement(name: str) -> m.BaseMatcherNode:
    """A statement that is just a call of `name(...)` (`flag_modified(obj, "x")`)."""
    return m.SimpleStatementLine(body=[m.Expr(m.Call(func=m.Name(name)))])


def contains(fragment: str, *, deep: bool = False) -> Callable[[cst.BaseStatement], bool]:
    """A statement whose source text contains `fragment`: its first line only for a compound
    statement (`if`, `for`, `with`, `def`), unless `deep`, which searches its body too."""

    def accepts(statement: cst.BaseStatement) -> bool:
        code = statement_code(statement)
        if not deep and isinstance(statement, cst.BaseCompoundStatement):
            code = code.split("\n", 1)[0]
        return fragment in code

    return accepts


def matches(matcher: m.BaseMatcherNode) -> Callable[[cst.BaseStatement], bool]:
    """A statement the libcst matcher accepts."""
    return lambda statement: m.matches(statement, matcher)


class _BlockEdit(cst.CSTTransformer):
    """Hands every statement list (module body, indented blocks) to `edit`."""

    def __init__(self, edit: Callable[[Statements], Statements | None]) -> None:
        super().__init__()
        self.edit = edit
        self.hits = 0

    def _apply(self, body: Sequence[cst.BaseStatement]) -> Statements | None:
        changed = self.edit(list(body))
        if changed is not None:
            self.hits += 1
        return changed

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        changed = self._apply(updated_node.body)
        return updated_node if changed is None else updated_node.with_changes(body=changed)

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        changed = self._apply(updated_node.body)
        return updated_node if changed is None else updated_node.with_changes(body=changed)


def edit_blocks(
    what: str, edit: Callable[[Statements], Statements | None], *, expect: int = 1
) -> Edit:
    """Apply `edit` to every block; it returns None where it does not apply."""

    def apply(module: cst.Module) -> cst.Module:
        editor = _BlockEdit(edit)
        changed = module.visit(editor)
        if editor.hits != expect:
            raise MutantError(f"{what}: expected {expect} site(s), found {editor.hits}")
        return changed

    return apply


def replace_statement(
    what: str,
    is_site: Callable[[cst.BaseStatement], bool],
    replacement: Callable[[cst.BaseStatement], Statements],
    *,
    nth: int = 0,
) -> Edit:
    """Replace the `nth` statement (module-wide, in source order) that `is_site` accepts."""
    seen = [0]

    def edit(body: Statements) -> Statements | None:
        out: Statements = []
        hit = False
        for statement in body:
            if is_site(statement):
                if seen[0] == nth:
                    out.extend(replacement(statement))
                    hit = True
                    seen[0] += 1
                    continue
                seen[0] += 1
            out.append(statement)
        return out if hit else None

    def apply(module: cst.Module) -> cst.Module:
        seen[0] = 0
        return edit_blocks(what, edit)(module)

    return apply


def move_before(
    what: str,
    is_moved: Callable[[cst.BaseStatement], bool],
    is_anchor: Callable[[cst.BaseStatement], bool],
    *,
    also_insert: Sequence[str] = (),
) -> Edit:
    """Move the statement `is_moved` accepts above the earlier one `is_anchor` accepts (same
    block), with `also_insert` statements (source text) placed just above the moved one."""

    def edit(body: Statements) -> Statements | None:
        anchors = [i for i, s in enumerate(body) if is_anchor(s)]
        moved = [i for i, s in enumerate(body) if is_moved(s)]
        if len(anchors) != 1 or len(moved) != 1 or moved[0] < anchors[0]:
            return None
        statement = body.pop(moved[0])
        extra = [cst.parse_statement(code) for code in also_insert]
        return [*body[: anchors[0]], *extra, statement, *body[anchors[0] :]]

    return edit_blocks(what, edit)


def insert_after(what: str, is_anchor: Callable[[cst.BaseStatement], bool], code: str) -> Edit:
    """Insert `code` (one statement) right after the statement `is_anchor` accepts."""

    def edit(body: Statements) -> Statements | None:
        hits = [i for i, s in enumerate(body) if is_anchor(s)]
        if len(hits) != 1:
            return None
        return [*body[: hits[0] + 1], cst.parse_statement(code), *body[hits[0] + 1 :]]

    return edit_blocks(what, edit)


def unwrap_with(what: str, is_site: Callable[[cst.BaseStatement], bool]) -> Edit:
    """Replace the first `with` statement `is_site` accepts by its body (one level up)."""

    def unwrap(statement: cst.BaseStatement) -> Statements:
        assert isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock)
        return list(statement.body.body)

    return replace_statement(what, lambda s: isinstance(s, cst.With) and is_site(s), unwrap)


class _DropMethod(cst.CSTTransformer):
    """`x.name(...)` -> `x` in call chains (only calls passing `keyword`, if given)."""

    def __init__(self, name: str, keyword: str | None) -> None:
        super().__init__()
        self.name, self.keyword, self.hits = name, keyword, 0

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = updated_node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == self.name):
            return updated_node
        if self.keyword is not None and not any(
            arg.keyword is not None and arg.keyword.value == self.keyword
            for arg in updated_node.args
        ):
            return updated_node
        self.hits += 1
        return func.value


def drop_method(what: str, name: str, *, keyword: str | None = None) -> Edit:
    """Drop `.name(...)` from a call chain (`.with_for_update()`), optionally only the call
    that passes `keyword`."""

    def apply(module: cst.Module) -> cst.Module:
        dropper = _DropMethod(name, keyword)
        changed = module.visit(dropper)
        if dropper.hits != 1:
            raise MutantError(f"{what}: expected 1 `.{name}(...)` call, found {dropper.hits}")
        return changed

    return apply


class _Keywords(cst.CSTTransformer):
    """In calls of `callee`, replace (or drop) the keyword argument `old`."""

    def __init__(self, callee: str, old: str, new: list[cst.Arg], nth: int | None) -> None:
        super().__init__()
        self.callee, self.old, self.new, self.nth = callee, old, new, nth
        self.seen = 0
        self.hits = 0

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if statement_code(updated_node.func).split(".")[-1] != self.callee:
            return updated_node
        if not any(
            a.keyword is not None and a.keyword.value == self.old for a in updated_node.args
        ):
            return updated_node
        index, self.seen = self.seen, self.seen + 1
        if self.nth is not None and index != self.nth:
            return updated_node
        args: list[cst.Arg] = []
        for arg in updated_node.args:
            if arg.keyword is not None and arg.keyword.value == self.old:
                args.extend(self.new[:-1])
                args.extend(a.with_changes(comma=arg.comma) for a in self.new[-1:])
                continue
            args.append(arg)
        if args:  # the last argument keeps no dangling comma it did not have
            args[-1] = args[-1].with_changes(comma=updated_node.args[-1].comma)
        self.hits += 1
        return updated_node.with_changes(args=args)


def replace_keyword(
    what: str, callee: str, old: str, new: str | None, *, nth: int | None = None
) -> Edit:
    """In calls of `callee` (the last dotted part), replace keyword `old` by `new` (`"k=v"`
    source), or drop it when `new` is None; only the `nth` such call if given."""
    new_args = [] if new is None else _args(new)

    def apply(module: cst.Module) -> cst.Module:
        editor = _Keywords(callee, old, new_args, nth)
        changed = module.visit(editor)
        if editor.hits == 0:
            raise MutantError(f"{what}: no call of `{callee}` passes `{old}=`")
        return changed

    return apply


def _args(code: str) -> list[cst.Arg]:
    call = cst.parse_expression(f"f({code})")
    assert isinstance(call, cst.Call)
    return list(call.args)


class _Params(cst.CSTTransformer):
    """In `def function`, replace parameter `old` by `new` (source text `name: Type`)."""

    def __init__(self, function: str, old: str, new: list[cst.Param]) -> None:
        super().__init__()
        self.function, self.old, self.new, self.hits = function, old, new, 0

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        if updated_node.name.value != self.function:
            return updated_node
        params = updated_node.params
        kwonly: list[cst.Param] = []
        for p in params.kwonly_params:
            if p.name.value == self.old:
                kwonly.extend(self.new[:-1])
                kwonly.extend(n.with_changes(comma=p.comma) for n in self.new[-1:])
            else:
                kwonly.append(p)
        if len(kwonly) == len(params.kwonly_params) and all(
            a is b for a, b in zip(kwonly, params.kwonly_params, strict=True)
        ):
            return updated_node
        self.hits += 1
        return updated_node.with_changes(params=params.with_changes(kwonly_params=kwonly))


def replace_param(what: str, function: str, old: str, new: str) -> Edit:
    """Replace keyword-only parameter `old` of `function` by `new` (`"name: Type, ..."`)."""
    func = cst.parse_statement(f"def f(*, {new}): pass")
    assert isinstance(func, cst.FunctionDef)
    param = list(func.params.kwonly_params)

    def apply(module: cst.Module) -> cst.Module:
        editor = _Params(function, old, param)
        changed = module.visit(editor)
        if editor.hits != 1:
            raise MutantError(f"{what}: `{function}` has no keyword parameter `{old}`")
        return changed

    return apply


class _Names(cst.CSTTransformer):
    """Inside `def function`, read `old` as the expression `new` (keywords left alone)."""

    def __init__(self, function: str, old: str, new: cst.BaseExpression) -> None:
        super().__init__()
        self.function, self.old, self.new = function, old, new
        self.depth, self.hits = 0, 0

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if node.name.value == self.function or self.depth:
            self.depth += 1

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        if self.depth:
            self.depth -= 1
        return updated_node

    def visit_Param(self, node: cst.Param) -> bool:
        return False

    def leave_Arg(self, original_node: cst.Arg, updated_node: cst.Arg) -> cst.Arg:
        return updated_node.with_changes(keyword=original_node.keyword)

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        if self.depth and updated_node.value == self.old:
            self.hits += 1
            return self.new
        return updated_node


def rename_reads(what: str, function: str, old: str, new: str) -> Edit:
    """Inside `function`, every read of the name `old` becomes the expression `new`."""
    expression = cst.parse_expression(new)

    def apply(module: cst.Module) -> cst.Module:
        editor = _Names(function, old, expression)
        changed = module.visit(editor)
        if editor.hits == 0:
            raise MutantError(f"{what}: `{function}` never reads `{old}`")
        return changed

    return apply


def chain(*edits: Edit) -> Edit:
    """The edits applied in order."""

    def apply(module: cst.Module) -> cst.Module:
        for edit in edits:
            module = edit(module)
        return module

    return apply
