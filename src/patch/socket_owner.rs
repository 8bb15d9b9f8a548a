//! Step 6 of the recipe for a front whose socket is created inside a
//! provider's effect, a `use*` hook, a zustand store's action or a plain
//! function (`read::socket_owner`): each module's socket service is handed
//! that socket where it is created and lets go of it wherever it is torn down.
//!
//! Anchors: the one statement that binds the `io(...)` call
//! (`const s = io(...)`, `socket = io(...)`, `socketRef.current = io(...)`),
//! after which `<module>.initialize(s);` goes; and every `close()` or
//! `disconnect()` statement on that socket, before which `<module>.cleanup();`
//! goes. "That socket" is read from the file, by the declaration each name
//! resolves to (not by its spelling): the binding and wherever the file
//! keeps it, the state a setter stores it in (`setSocket(s)`: `socket`), a
//! zustand store's key (`set({ socket })`: `get().socket`,
//! `useStore.getState().socket`), a ref or variable it is assigned or read
//! into (`const { socket } = get();`). A `close()` on anything else is not
//! a teardown of it.

use std::path::Path;

use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};
use oxc_semantic::Scoping;
use oxc_span::{GetSpan, Span};

use super::{
    call_of, default_import_of, imports, insert_import, member_call_object, parse_host, statement_call, CallVisitor,
    DefaultImports, ListVisitor, Outcome, PatchError, SourceFile,
};
use crate::js::splice::Splice;

/// One module's frontend socket service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerModule {
    /// The default import's name, e.g. `taskSocketService`.
    pub binding: String,
    /// Its import source, e.g. `../services/taskSocketService`.
    pub specifier: String,
}

/// The modules to hand the socket to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SocketOwnerPatch {
    pub modules: Vec<OwnerModule>,
    /// Calls that create the socket besides `io(...)`: a factory's local name
    /// (`createSocket`) in the file that keeps what it makes.
    pub creators: Vec<String>,
}

/// Imports each module's service, initialises it with the socket right after
/// the statement that creates it and cleans it up before every teardown;
/// only what is missing is added, in the order given, after what is there.
pub fn add(path: &Path, source: &str, patch: &SocketOwnerPatch) -> Result<Outcome, PatchError> {
    parse_host(path, source, |program, host| {
        let mut splice = Splice::new();
        let imported = DefaultImports::of(program);
        let mut locals = Vec::new();
        for module in &patch.modules {
            let local = match imported.get(&module.specifier) {
                Some((local, _)) => local,
                None => {
                    let import = format!("import {} from \"{}\";", module.binding, module.specifier);
                    insert_import(host, program, &mut splice, &import)?;
                    module.binding.clone()
                }
            };
            locals.push(local);
        }
        let socket = read_socket(program, host, &locals, &patch.creators)?;
        let creation = &socket.creation;
        let target = host.text(creation.target);
        let after = creation.last_initialize.unwrap_or(creation.statement);
        for (local, present) in locals.iter().zip(&creation.present) {
            if !present {
                host.insert_after(
                    &mut splice,
                    after,
                    creation.limit,
                    &format!("{local}.initialize({target});"),
                    false,
                )?;
            }
        }
        for site in &socket.teardowns {
            for (local, present) in locals.iter().zip(&site.present) {
                if !present {
                    host.insert_before(&mut splice, site.statement.start, &format!("{local}.cleanup();"))?;
                }
            }
        }
        host.finish(splice)
    })
}

/// Deletes each module's import, `initialize(...)` and `cleanup()` calls.
pub fn remove(path: &Path, source: &str, patch: &SocketOwnerPatch) -> Result<Outcome, PatchError> {
    parse_host(path, source, |program, host| {
        let mut spans = Vec::new();
        for module in &patch.modules {
            let local = match default_import_of(program, &module.specifier) {
                Some((local, span)) => {
                    spans.push(span);
                    local
                }
                None => module.binding.clone(),
            };
            ListVisitor {
                f: |list: &[Statement<'_>]| {
                    for stmt in list {
                        let calls = |property| {
                            statement_call(stmt).is_some_and(|c| member_call_object(c, property) == Some(&local))
                        };
                        if calls("initialize") || calls("cleanup") {
                            spans.push(stmt.span());
                        }
                    }
                },
            }
            .visit_program(program);
        }
        let mut splice = Splice::new();
        host.remove_statements(&mut splice, &spans);
        host.finish(splice)
    })
}

/// The statement that creates the socket.
struct Creation {
    statement: Span,
    /// What the socket is bound to: `s`, `socket`, `socketRef.current`.
    target: Span,
    path: Vec<String>,
    /// Where the line after it and its `initialize` calls ends: the next statement's start.
    limit: Option<u32>,
    /// The last of the `x.initialize(...)` statements right after it.
    last_initialize: Option<Span>,
    /// For each module: does the statement's list initialise it already?
    present: Vec<bool>,
}

/// A statement that tears the socket down.
struct Teardown {
    statement: Span,
    /// For each module: does the statement's list clean it up already?
    present: Vec<bool>,
}

struct Socket {
    creation: Creation,
    teardowns: Vec<Teardown>,
}

/// An identifier as the patch compares it: its name and the symbol it
/// resolves to (a global by its name alone), so that a parameter of the
/// socket's name elsewhere is another thing.
fn reference_key(scoping: &Scoping, id: &IdentifierReference<'_>) -> String {
    match id.reference_id.get().and_then(|r| scoping.get_reference(r).symbol_id()) {
        Some(symbol) => format!("{}#{}", id.name, symbol.index()),
        None => id.name.to_string(),
    }
}

fn binding_key(id: &BindingIdentifier<'_>) -> String {
    match id.symbol_id.get() {
        Some(symbol) => format!("{}#{}", id.name, symbol.index()),
        None => id.name.to_string(),
    }
}

/// A path as the code writes it: `get().socket`.
fn shown(path: &[String]) -> String {
    let parts: Vec<String> = path
        .iter()
        .map(|part| match part.split_once('#') {
            Some((name, rest)) => format!("{name}{}", rest.trim_start_matches(|c: char| c.is_ascii_digit())),
            None => part.clone(),
        })
        .collect();
    parts.join(".")
}

fn read_socket(
    program: &Program<'_>,
    host: &SourceFile<'_>,
    locals: &[String],
    factories: &[String],
) -> Result<Socket, PatchError> {
    let mut creators = crate::read::socket_owner::creators(program);
    creators.extend(factories.iter().cloned());
    // Which declaration each name refers to.
    let scoping = oxc_semantic::SemanticBuilder::new().build(program).semantic.into_scoping();
    let scoping = &scoping;
    let mut scan =
        Scan { creators: &creators, locals, scoping, hooks: Vec::new(), creations: Vec::new(), io_calls: Vec::new() };
    scan.visit_program(program);
    let Scan { mut creations, io_calls, .. } = scan;

    // An `io(...)` that no statement binds: there is nothing to hand over.
    if let Some((stray, hook)) = io_calls
        .iter()
        .find(|(call, _)| !creations.iter().any(|c| c.statement.start <= call.start && call.end <= c.statement.end))
    {
        let call = first_line(host.text(*stray));
        let message = match hook {
            // Bound inside `useMemo(() => ...)`, it would still be torn down under another name.
            Some(hook) => format!(
                "the socket is created by `{call}` inside `{hook}(...)`: rtgen hands it to the modules' socket \
                 services right after the statement that binds it and lets go of it before its teardowns; create \
                 it in an effect instead (`useEffect(() => {{ const socket = {call}; setSocket(socket); return () \
                 => {{ socket.close(); }}; }}, []);`, with `const [socket, setSocket] = useState(null);`), then run \
                 rtgen again"
            ),
            None => format!(
                "the socket is created by `{call}` inside an expression: rtgen hands it to the modules' socket \
                 services right after the statement that binds it; bind it first (`const socket = {call};`) and \
                 use `socket` where the call was, then run rtgen again"
            ),
        };
        return Err(host.error(stray.start, message));
    }
    let creation = match creations.len() {
        0 => {
            let at = imports(program).first().map_or(0, |d| d.span.start);
            return Err(host.error(
                at,
                "no `io(...)` call creates the socket here: looked for a call to `io` from `socket.io-client`, found \
                 none; set `front.socketService` in `rtgen.yaml` to the file that creates it",
            ));
        }
        1 => creations.pop().expect("one"),
        _ => {
            let lines: Vec<String> = creations.iter().map(|c| host.line(c.statement.start).to_string()).collect();
            return Err(host.error(
                creations[0].statement.start,
                format!(
                    "more than one socket is created here (lines {}): rtgen cannot tell which one the modules' \
                         socket services listen on; keep one `io(...)` call in this file (move the others into \
                         files of their own), then run rtgen again",
                    lines.join(", ")
                ),
            ));
        }
    };
    let refs = aliases(program, scoping, &creation);
    let teardowns = teardown_sites(program, host, scoping, &creation, &refs, locals)?;
    Ok(Socket { creation, teardowns })
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

/// Finds the statements that bind an `io(...)` call, and every `io(...)` call.
struct Scan<'s> {
    creators: &'s [String],
    locals: &'s [String],
    scoping: &'s Scoping,
    /// The React hooks (`useMemo`, `useState`, ...) whose arguments the walk is in.
    hooks: Vec<String>,
    creations: Vec<Creation>,
    /// Each `io(...)` call, with the hook it is an argument of.
    io_calls: Vec<(Span, Option<String>)>,
}

impl Scan<'_> {
    fn is_io_call(&self, expr: &Expression<'_>) -> bool {
        call_of(expr).is_some_and(|call| self.is_creator(call))
    }

    fn is_creator(&self, call: &CallExpression<'_>) -> bool {
        matches!(&call.callee, Expression::Identifier(id) if self.creators.iter().any(|c| c == id.name.as_str()))
    }

    /// `const s = io(...)`, `s = io(...)`, `ref.current = io(...)`: what the
    /// socket is bound to.
    fn creation_of(&self, stmt: &Statement<'_>) -> Option<(Span, Vec<String>)> {
        match stmt {
            Statement::VariableDeclaration(decl) if decl.declarations.len() == 1 => {
                let d = &decl.declarations[0];
                match (&d.id, &d.init) {
                    (BindingPattern::BindingIdentifier(id), Some(init)) if self.is_io_call(init) => {
                        Some((id.span, vec![binding_key(id)]))
                    }
                    _ => None,
                }
            }
            Statement::ExpressionStatement(es) => match es.expression.get_inner_expression() {
                Expression::AssignmentExpression(assign)
                    if assign.operator == AssignmentOperator::Assign && self.is_io_call(&assign.right) =>
                {
                    Some((assign.left.span(), target_path(self.scoping, &assign.left)?))
                }
                _ => None,
            },
            _ => None,
        }
    }
}

impl<'a> Visit<'a> for Scan<'_> {
    fn visit_statements(&mut self, list: &oxc_allocator::Vec<'a, Statement<'a>>) {
        for (i, stmt) in list.iter().enumerate() {
            let Some((target, path)) = self.creation_of(stmt) else { continue };
            let initializes = |s: &Statement<'a>| -> Option<&'a str> {
                statement_call(s).and_then(|c| member_call_object(c, "initialize"))
            };
            let run = list.iter().skip(i + 1).take_while(|s| initializes(s).is_some()).count();
            let last_initialize = (run > 0).then(|| list[i + run].span());
            let present = self.locals.iter().map(|l| list.iter().any(|s| initializes(s) == Some(l.as_str()))).collect();
            self.creations.push(Creation {
                statement: stmt.span(),
                target,
                path,
                limit: list.get(i + run + 1).map(|s| s.span().start),
                last_initialize,
                present,
            });
        }
        walk::walk_statements(self, list);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if self.is_creator(it) {
            // Inside an effect, binding it first is the way; inside a hook that keeps a value, it is not.
            let hook = self.hooks.last().filter(|h| !h.ends_with("Effect")).cloned();
            self.io_calls.push((it.span, hook));
        }
        let hook = match it.callee.get_inner_expression() {
            Expression::Identifier(id) => Some(id.name.as_str()),
            callee => callee.as_member_expression().and_then(|m| m.static_property_name()),
        }
        .filter(|name| name.strip_prefix("use").is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase())));
        if let Some(hook) = hook {
            self.hooks.push(hook.to_string());
        }
        walk::walk_call_expression(self, it);
        if hook.is_some() {
            self.hooks.pop();
        }
    }
}

/// An expression as a path of names: `socket`, `socketRef.current`,
/// `get().socket` (a call without arguments is its callee's path with `()`).
fn path_of(scoping: &Scoping, expr: &Expression<'_>) -> Option<Vec<String>> {
    match expr.get_inner_expression() {
        Expression::Identifier(id) => Some(vec![reference_key(scoping, id)]),
        Expression::ThisExpression(_) => Some(vec!["this".into()]),
        Expression::StaticMemberExpression(member) => {
            let mut path = path_of(scoping, &member.object)?;
            path.push(member.property.name.to_string());
            Some(path)
        }
        Expression::CallExpression(call) if call.arguments.is_empty() => {
            let mut path = path_of(scoping, &call.callee)?;
            let last = path.last_mut()?;
            last.push_str("()");
            Some(path)
        }
        Expression::ChainExpression(chain) => match &chain.expression {
            ChainElement::StaticMemberExpression(member) => {
                let mut path = path_of(scoping, &member.object)?;
                path.push(member.property.name.to_string());
                Some(path)
            }
            _ => None,
        },
        _ => None,
    }
}

/// What an assignment writes to: `socket`, `socketRef.current`.
fn target_path(scoping: &Scoping, target: &AssignmentTarget<'_>) -> Option<Vec<String>> {
    match target {
        AssignmentTarget::AssignmentTargetIdentifier(id) => Some(vec![reference_key(scoping, id)]),
        AssignmentTarget::StaticMemberExpression(member) => {
            let mut path = path_of(scoping, &member.object)?;
            path.push(member.property.name.to_string());
            Some(path)
        }
        _ => None,
    }
}

/// One way the file passes a value on: `value` is then also each of `to`.
struct Handoff {
    value: Vec<String>,
    to: Vec<Vec<String>>,
}

/// The socket's binding and every name the file keeps it under.
fn aliases(program: &Program<'_>, scoping: &Scoping, creation: &Creation) -> Vec<Vec<String>> {
    let mut reader = Handoffs { scoping, setters: Vec::new(), stores: Vec::new(), handoffs: Vec::new() };
    reader.visit_program(program);
    let mut refs = vec![creation.path.clone()];
    loop {
        let mut added = false;
        for handoff in &reader.handoffs {
            if !refs.contains(&handoff.value) {
                continue;
            }
            for to in &handoff.to {
                if !refs.contains(to) {
                    refs.push(to.clone());
                    added = true;
                }
            }
        }
        if !added {
            return refs;
        }
    }
}

/// Reads the handoffs of a file: state setters (`const [socket, setSocket] =
/// useState(...)`), zustand stores' `set` and `get` (the parameters of the
/// function given to zustand's `create`), and plain assignments.
struct Handoffs<'s> {
    scoping: &'s Scoping,
    /// Setter -> state.
    setters: Vec<(String, String)>,
    /// For each store: its `set` and what reads it (`get()`, `useStore.getState()`).
    stores: Vec<(String, Vec<Vec<String>>)>,
    handoffs: Vec<Handoff>,
}

impl<'a> Visit<'a> for Handoffs<'_> {
    fn visit_program(&mut self, it: &Program<'a>) {
        let mut factories = Vec::new();
        for decl in imports(it) {
            if decl.source.value != "zustand" {
                continue;
            }
            for spec in decl.specifiers.iter().flatten() {
                if let ImportDeclarationSpecifier::ImportSpecifier(s) = spec {
                    if s.imported.name() == "create" {
                        factories.push(s.local.name.to_string());
                    }
                }
            }
        }
        // Setters and stores first: a handoff may come before its setter's declaration.
        let mut declared = Declarations { setters: &mut self.setters, stores: &mut self.stores, factories: &factories };
        declared.visit_program(it);
        walk::walk_program(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if let (Expression::Identifier(callee), Some(arg)) =
            (&it.callee, it.arguments.first().and_then(|a| a.as_expression()))
        {
            let name = reference_key(self.scoping, callee);
            if let Some((_, state)) = self.setters.iter().find(|(setter, _)| *setter == name) {
                if let Some(value) = path_of(self.scoping, arg) {
                    self.handoffs.push(Handoff { value, to: vec![vec![state.clone()]] });
                }
            }
            let readers: Vec<Vec<String>> =
                self.stores.iter().filter(|(set, _)| *set == name).flat_map(|(_, readers)| readers.clone()).collect();
            if !readers.is_empty() {
                if let Expression::ObjectExpression(object) = arg.get_inner_expression() {
                    for property in &object.properties {
                        let ObjectPropertyKind::ObjectProperty(p) = property else { continue };
                        let (Some(key), Some(value)) = (p.key.static_name(), path_of(self.scoping, &p.value)) else {
                            continue;
                        };
                        let to = readers
                            .iter()
                            .map(|reader| {
                                let mut path = reader.clone();
                                path.push(key.to_string());
                                path
                            })
                            .collect();
                        self.handoffs.push(Handoff { value, to });
                    }
                }
            }
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'a>) {
        if it.operator == AssignmentOperator::Assign {
            if let (Some(to), Some(value)) = (target_path(self.scoping, &it.left), path_of(self.scoping, &it.right)) {
                self.handoffs.push(Handoff { value, to: vec![to] });
            }
        }
        walk::walk_assignment_expression(self, it);
    }

    /// `const s = get().socket;` and `const { socket } = get();`.
    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let Some(value) = it.init.as_ref().and_then(|init| path_of(self.scoping, init)) {
            match &it.id {
                BindingPattern::BindingIdentifier(id) => {
                    self.handoffs.push(Handoff { value, to: vec![vec![binding_key(id)]] });
                }
                BindingPattern::ObjectPattern(pattern) => {
                    for property in &pattern.properties {
                        let (Some(key), BindingPattern::BindingIdentifier(id)) =
                            (property.key.static_name(), &property.value)
                        else {
                            continue;
                        };
                        let mut from = value.clone();
                        from.push(key.to_string());
                        self.handoffs.push(Handoff { value: from, to: vec![vec![binding_key(id)]] });
                    }
                }
                _ => {}
            }
        }
        walk::walk_variable_declarator(self, it);
    }
}

/// The state setters and zustand stores of a file.
struct Declarations<'s> {
    setters: &'s mut Vec<(String, String)>,
    stores: &'s mut Vec<(String, Vec<Vec<String>>)>,
    factories: &'s [String],
}

impl Declarations<'_> {
    /// The function given to a store factory: `create(fn)` or `create()(fn)`.
    fn store_function<'b, 'a>(&self, expr: &'b Expression<'a>) -> Option<&'b ArrowFunctionExpression<'a>> {
        let Expression::CallExpression(call) = expr.get_inner_expression() else { return None };
        let is_factory = match &call.callee {
            Expression::Identifier(id) => self.factories.iter().any(|f| f == id.name.as_str()),
            Expression::CallExpression(inner) => {
                matches!(&inner.callee, Expression::Identifier(id) if self.factories.iter().any(|f| f == id.name.as_str()))
            }
            _ => false,
        };
        if !is_factory {
            return None;
        }
        match call.arguments.first()?.as_expression()?.get_inner_expression() {
            Expression::ArrowFunctionExpression(arrow) => Some(arrow),
            _ => None,
        }
    }
}

fn param_name(params: &FormalParameters<'_>, i: usize) -> Option<String> {
    match &params.items.get(i)?.pattern {
        BindingPattern::BindingIdentifier(id) => Some(binding_key(id)),
        _ => None,
    }
}

impl<'a> Visit<'a> for Declarations<'_> {
    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let (BindingPattern::ArrayPattern(pattern), Some(init)) = (&it.id, &it.init) {
            let is_state = call_of(init).is_some_and(|call| match call.callee.get_inner_expression() {
                Expression::Identifier(id) => id.name == "useState",
                callee => callee.as_member_expression().and_then(|m| m.static_property_name()) == Some("useState"),
            });
            if let (
                true,
                [Some(BindingPattern::BindingIdentifier(state)), Some(BindingPattern::BindingIdentifier(setter)), ..],
            ) = (is_state, pattern.elements.as_slice())
            {
                self.setters.push((binding_key(setter), binding_key(state)));
            }
        }
        if let Some(init) = &it.init {
            if let Some(arrow) = self.store_function(init) {
                if let Some(set) = param_name(&arrow.params, 0) {
                    let mut readers = Vec::new();
                    if let Some(get) = param_name(&arrow.params, 1) {
                        readers.push(vec![format!("{get}()")]);
                    }
                    if let BindingPattern::BindingIdentifier(store) = &it.id {
                        readers.push(vec![binding_key(store), "getState()".into()]);
                    }
                    self.stores.push((set, readers));
                }
            }
        }
        walk::walk_variable_declarator(self, it);
    }
}

/// The object of a teardown call on the socket: `s.close()`, `socket?.disconnect()`.
fn teardown_object(scoping: &Scoping, call: &CallExpression<'_>) -> Option<Vec<String>> {
    let member = call.callee.get_inner_expression().as_member_expression()?;
    if !matches!(member.static_property_name()?, "close" | "disconnect") {
        return None;
    }
    path_of(scoping, member.object())
}

fn teardown_sites(
    program: &Program<'_>,
    host: &SourceFile<'_>,
    scoping: &Scoping,
    creation: &Creation,
    refs: &[Vec<String>],
    locals: &[String],
) -> Result<Vec<Teardown>, PatchError> {
    let is_socket = |call: &CallExpression<'_>| teardown_object(scoping, call).is_some_and(|path| refs.contains(&path));
    let mut sites = Vec::new();
    ListVisitor {
        f: |list: &[Statement<'_>]| {
            let cleaned: std::collections::HashSet<&str> = list
                .iter()
                .filter_map(|stmt| statement_call(stmt).and_then(|c| member_call_object(c, "cleanup")))
                .collect();
            for stmt in list {
                if statement_call(stmt).is_some_and(is_socket) {
                    let present = locals.iter().map(|local| cleaned.contains(local.as_str())).collect();
                    sites.push(Teardown { statement: stmt.span(), present });
                }
            }
        },
    }
    .visit_program(program);

    let names = crate::error::backticked(refs.iter().map(|r| shown(r)), ", ");

    // A socket reopened with `connect()` away from where `io(...)` creates it (a
    // singleton connected at each sign-in) would come back without the listeners its
    // teardown let go of: it would deliver nothing after the first sign-out.
    // A `connect()` after the creation in the same run of code (`autoConnect: false`,
    // then `s.auth = ...; s.connect();`, also inside an `if` there) connects the new
    // socket: no reopening. One inside a callback there may run after a teardown.
    let mut beside_creation = Vec::new();
    let mut callbacks = Vec::new();
    ListVisitor {
        f: |list: &[Statement<'_>]| {
            if let Some(at) = list.iter().position(|stmt| stmt.span() == creation.statement) {
                beside_creation.extend(list.iter().filter_map(|stmt| statement_call(stmt).map(|c| c.span)));
                beside_creation.extend(list[at + 1..].iter().map(|stmt| stmt.span()));
                let mut functions = FunctionSpans { spans: Vec::new() };
                for stmt in &list[at + 1..] {
                    functions.visit_statement(stmt);
                }
                callbacks.extend(functions.spans);
            }
        },
    }
    .visit_program(program);
    let within = |spans: &[Span], inner: Span| spans.iter().any(|s| s.start <= inner.start && inner.end <= s.end);
    let mut reopened = None;
    CallVisitor {
        f: |call: &CallExpression<'_>| {
            let Some(member) = call.callee.get_inner_expression().as_member_expression() else { return };
            if reopened.is_none()
                && matches!(member.static_property_name(), Some("connect" | "open"))
                && path_of(scoping, member.object()).is_some_and(|path| refs.contains(&path))
                && (!within(&beside_creation, call.span) || within(&callbacks, call.span))
            {
                reopened = Some(call.span);
            }
        },
    }
    .visit_program(program);
    if let Some(span) = reopened {
        return Err(host.error(
            span.start,
            format!(
                "the socket is reopened by `{}` away from where `io(...)` creates it: rtgen hands the socket to \
                 the modules' services where it is created and lets go of it at each teardown, so a socket \
                 reopened after a teardown would deliver nothing; create a new socket where it is reopened \
                 (`{} = io(...)` there, and drop the old one where it is torn down), then run rtgen again",
                host.text(span),
                shown(&creation.path)
            ),
        ));
    }

    // A teardown that is not a statement of its own (`return () => s.close();`)
    // has no place before it for a cleanup.
    let mut stray = None;
    CallVisitor {
        f: |call: &CallExpression<'_>| {
            if stray.is_none()
                && is_socket(call)
                && !sites.iter().any(|s| s.statement.start <= call.span.start && call.span.end <= s.statement.end)
            {
                stray = Some(call.span);
            }
        },
    }
    .visit_program(program);
    if let Some(span) = stray {
        return Err(host.error(
            span.start,
            format!(
                "the socket is torn down by `{}` inside an expression: rtgen adds cleanups before `close()` and \
                     `disconnect()` statements only; make it a statement in a block (`() => {{ {}; }}`), then run \
                     rtgen again",
                host.text(span),
                host.text(span)
            ),
        ));
    }
    if sites.is_empty() {
        return Err(host.error(
            creation.statement.start,
            format!(
                "no teardown of the socket this statement creates: looked for `close()` or `disconnect()` \
                 statements on {names}, found none; tear it down where the app lets go of it (the effect's \
                 cleanup, the store's `disconnect` action: `{}.disconnect();`), then run rtgen again",
                shown(&creation.path)
            ),
        ));
    }
    Ok(sites)
}

/// The spans of the functions and arrows a statement holds.
struct FunctionSpans {
    spans: Vec<Span>,
}

impl<'a> Visit<'a> for FunctionSpans {
    fn visit_function(&mut self, it: &Function<'a>, flags: oxc_semantic::ScopeFlags) {
        self.spans.push(it.span);
        walk::walk_function(self, it, flags);
    }

    fn visit_arrow_function_expression(&mut self, it: &ArrowFunctionExpression<'a>) {
        self.spans.push(it.span);
        walk::walk_arrow_function_expression(self, it);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::test_support::{diff, roundtrip};

    /// A `SocketProvider` in bug-tracker's shape: the effect creates the
    /// socket, keeps it in state, closes it in its cleanup and, when the
    /// token goes, closes the one in state.
    const PROVIDER: &str = r#"import { createContext, useContext, useEffect, useState } from 'react';
import { io } from 'socket.io-client';
import { useAuth } from './AuthContext';

const SocketContext = createContext(null);

export const useSocket = () => useContext(SocketContext);

export const SocketProvider = ({ children }) => {
  const [socket, setSocket] = useState(null);
  const { token } = useAuth();

  useEffect(() => {
    if (token) {
      const newSocket = io(API_URL, { auth: { token } });

      newSocket.on('connect', () => {
        console.log('Socket connected');
      });

      setSocket(newSocket);

      return () => {
        newSocket.close();
      };
    } else {
      if (socket) {
        socket.close();
        setSocket(null);
      }
    }
  }, [token]);

  const other = { close() {} };
  other.close();

  return <SocketContext.Provider value={{ socket }}>{children}</SocketContext.Provider>;
};
"#;

    /// A hook keeping its socket in a ref.
    const HOOK: &str = r#"import { useEffect, useRef } from "react";
import { io } from "socket.io-client";

export function useSocket(url, token) {
  const socketRef = useRef(null);

  useEffect(() => {
    socketRef.current = io(url, { auth: { token } });
    return () => {
      socketRef.current?.disconnect();
      socketRef.current = null;
    };
  }, [url, token]);

  return socketRef;
}
"#;

    /// A zustand store whose `connect` action creates the socket and whose
    /// `disconnect` tears down the one it keeps.
    const STORE: &str = r#"import { create } from "zustand";
import { io } from "socket.io-client";

export const useSocketStore = create((set, get) => ({
  socket: null,
  connect: (token) => {
    if (get().socket) return;
    const socket = io("/", { auth: { token } });
    set({ socket });
  },
  disconnect: () => {
    get().socket?.disconnect();
    set({ socket: null });
  },
}));

export const logout = () => {
  useSocketStore.getState().socket?.disconnect();
};
"#;

    /// A plain function in project_manager's `socketManager.ts` shape.
    const FUNCTION: &str = r#"import { io, Socket } from 'socket.io-client';

let socket: Socket | null = null;

export const connectSocket = (): Socket => {
  if (socket?.connected) return socket;

  socket = io('/', {
    withCredentials: true,
    transports: ['websocket', 'polling'],
  });

  socket.on('connect', () => console.log('connected'));

  return socket;
};

export const getSocket = () => socket;
export const disconnectSocket = () => { socket?.disconnect(); socket = null; };
"#;

    fn patch(names: &[&str]) -> SocketOwnerPatch {
        SocketOwnerPatch {
            modules: names
                .iter()
                .map(|n| OwnerModule {
                    binding: format!("{n}SocketService"),
                    specifier: format!("../services/{n}SocketService"),
                })
                .collect(),
            creators: Vec::new(),
        }
    }

    /// The patch's diff on `source`, after checking that a second `add` is
    /// `Unchanged` and `remove` gives the original bytes back (`add` itself
    /// re-parses its result as the file's language).
    fn run(path: &str, source: &str, names: &[&str]) -> String {
        let p = patch(names);
        let path = Path::new(path);
        let patched = if path.extension().is_some_and(|e| e == "ts") {
            let Outcome::Changed(patched) = add(path, source, &p).unwrap() else { panic!("add left it unchanged") };
            assert_eq!(add(path, &patched, &p).unwrap(), Outcome::Unchanged, "add twice != add once");
            assert_eq!(
                remove(path, &patched, &p).unwrap(),
                Outcome::Changed(source.to_string()),
                "remove(add(x)) != x"
            );
            patched
        } else {
            roundtrip(source, |s| add(path, s, &p), |s| remove(path, s, &p))
        };
        diff(source, &patched)
    }

    fn patched(path: &str, source: &str, names: &[&str]) -> String {
        match add(Path::new(path), source, &patch(names)).unwrap() {
            Outcome::Changed(text) => text,
            Outcome::Unchanged => panic!("unchanged"),
        }
    }

    fn refused(path: &str, source: &str) -> PatchError {
        add(Path::new(path), source, &patch(&["task"])).unwrap_err()
    }

    #[test]
    fn provider_effect_with_state_and_two_teardowns() {
        let out = run("src/context/SocketContext.jsx", PROVIDER, &["task"]);
        let text = patched("src/context/SocketContext.jsx", PROVIDER, &["task"]);
        assert!(text.contains(
            "const newSocket = io(API_URL, { auth: { token } });\n      taskSocketService.initialize(newSocket);\n"
        ));
        assert!(text.contains("taskSocketService.cleanup();\n        newSocket.close();"));
        // The state the setter keeps it in is the same socket.
        assert!(text.contains("taskSocketService.cleanup();\n        socket.close();"));
        // Another object's `close()` is no teardown of the socket.
        assert!(text.contains("  other.close();"));
        assert_eq!(text.matches("taskSocketService.cleanup();").count(), 2);
        assert!(text.contains("import taskSocketService from '../services/taskSocketService';\n"));
        insta::assert_snapshot!(out);
    }

    #[test]
    fn hook_keeping_the_socket_in_a_ref() {
        insta::assert_snapshot!(run("src/hooks/useSocket.js", HOOK, &["task"]));
    }

    #[test]
    fn zustand_store_connect_and_disconnect_actions() {
        let text = patched("src/store/socketStore.js", STORE, &["task"]);
        assert!(text.contains("set({ socket });"));
        assert!(text.contains("taskSocketService.cleanup();\n    get().socket?.disconnect();"));
        assert!(text.contains("taskSocketService.cleanup();\n  useSocketStore.getState().socket?.disconnect();"));
        insta::assert_snapshot!(run("src/store/socketStore.js", STORE, &["task"]));
    }

    #[test]
    fn plain_function_with_a_module_variable() {
        insta::assert_snapshot!(run("src/socket/socketManager.ts", FUNCTION, &["task"]));
    }

    #[test]
    fn two_modules_at_once_equal_one_then_the_other() {
        let path = "src/context/SocketContext.jsx";
        let both = patched(path, PROVIDER, &["task", "project"]);
        let once = patched(path, PROVIDER, &["task"]);
        assert_eq!(patched(path, &once, &["task", "project"]), both);
        assert!(both
            .contains("taskSocketService.initialize(newSocket);\n      projectSocketService.initialize(newSocket);\n"));
        let p = patch(&["task", "project"]);
        roundtrip(PROVIDER, |s| add(Path::new(path), s, &p), |s| remove(Path::new(path), s, &p));
    }

    #[test]
    fn repairs_a_teardown_that_drifted() {
        let path = "src/context/SocketContext.jsx";
        let full = patched(path, PROVIDER, &["task"]);
        let drifted = full.replacen(
            "        taskSocketService.cleanup();\n        socket.close();",
            "        socket.close();",
            1,
        );
        assert_ne!(drifted, full);
        assert_eq!(add(Path::new(path), &drifted, &patch(&["task"])).unwrap(), Outcome::Changed(full));
    }

    #[test]
    fn reformatted_patch_is_still_present() {
        let path = "src/store/socketStore.js";
        let full = patched(path, STORE, &["task"]);
        let reformatted = full
            .replace(
                "import taskSocketService from \"../services/taskSocketService\";",
                "import {\n  default as taskSocketService,\n} from \"../services/taskSocketService.js\";",
            )
            .replace("taskSocketService.initialize(socket);", "taskSocketService\n      .initialize(socket)");
        assert_eq!(add(Path::new(path), &reformatted, &patch(&["task"])).unwrap(), Outcome::Unchanged);
    }

    #[test]
    fn crlf_and_tabs() {
        let source = HOOK.replace("  ", "\t").replace('\n', "\r\n");
        let text = patched("src/hooks/useSocket.js", &source, &["task"]);
        assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
        assert!(text.contains("\r\n\t\ttaskSocketService.initialize(socketRef.current);\r\n"), "{text}");
        run("src/hooks/useSocket.js", &source, &["task"]);
    }

    #[test]
    fn refuses_a_socket_created_inside_an_expression() {
        let source = "import { create } from 'zustand';\nimport { io } from 'socket.io-client';\n\
            export const useS = create((set, get) => ({\n  connect: () => set({ socket: io('/') }),\n  disconnect: () => {\n    get().socket?.disconnect();\n  },\n}));\n";
        let error = refused("src/store/socketStore.js", source);
        assert_eq!(error.line, 4);
        insta::assert_snapshot!(error.to_string());
        // The way forward, applied.
        let bound = source.replace(
            "connect: () => set({ socket: io('/') }),",
            "connect: () => {\n    const socket = io('/');\n    set({ socket });\n  },",
        );
        run("src/store/socketStore.js", &bound, &["task"]);
    }

    /// `useMemo(() => io(...))`: binding it there would not help (its teardown
    /// is under the memo's name), so the message asks for an effect, which works.
    #[test]
    fn refuses_a_socket_made_in_a_memo_and_an_effect_works() {
        let source = "import { useEffect, useMemo } from 'react';\nimport { io } from 'socket.io-client';\n\
            export function SocketProvider({ children }) {\n  const socket = useMemo(() => io('/'), []);\n\
            useEffect(() => {\n    return () => {\n      socket.close();\n    };\n  }, [socket]);\n  return children;\n}\n";
        let error = refused("src/context/SocketContext.jsx", source);
        assert_eq!(error.line, 4);
        insta::assert_snapshot!(error.to_string());
        // Inside an effect's expression, binding it first is the way.
        let in_effect = "import { useEffect } from 'react';\nimport { io } from 'socket.io-client';\n\
            export function P() {\n  useEffect(() => keep(io('/')), []);\n}\n";
        let error = refused("src/context/SocketContext.jsx", in_effect);
        assert!(error.message.contains("bind it first"), "{error}");
        let effect = "import { useEffect, useState } from 'react';\nimport { io } from 'socket.io-client';\n\
            export function SocketProvider({ children }) {\n  const [socket, setSocket] = useState(null);\n\
            useEffect(() => { const socket = io('/'); setSocket(socket); return () => { socket.close(); }; }, []);\n  return children;\n}\n";
        run("src/context/SocketContext.jsx", effect, &["task"]);
    }

    #[test]
    fn refuses_a_teardown_inside_an_expression() {
        let source =
            PROVIDER.replace("return () => {\n        newSocket.close();\n      };", "return () => newSocket.close();");
        let error = refused("src/context/SocketContext.jsx", &source);
        assert_eq!(error.line, 23);
        insta::assert_snapshot!(error.to_string());
        run("src/context/SocketContext.jsx", PROVIDER, &["task"]);
    }

    #[test]
    fn refuses_a_socket_never_torn_down() {
        let source = HOOK.replace("      socketRef.current?.disconnect();\n", "");
        let error = refused("src/hooks/useSocket.js", &source);
        assert_eq!(error.line, 8);
        insta::assert_snapshot!(error.to_string());
    }

    #[test]
    fn refuses_a_socket_reopened_away_from_its_creation_and_a_new_socket_works() {
        // A singleton connected at each sign-in: after a sign-out it would come back
        // without the listeners its teardown let go of.
        let source = "import { io } from 'socket.io-client';\n\nlet socket = null;\n\nexport const connectSocket = () => {\n  if (!socket) {\n    socket = io('/', { autoConnect: false });\n  }\n  socket.connect();\n};\n\nexport const disconnectSocket = () => {\n  socket?.disconnect();\n};\n";
        let error = refused("src/socket/socketManager.js", source);
        assert_eq!(error.line, 9);
        assert!(error.message.contains("the socket is reopened by `socket.connect()`"), "{error}");
        assert!(
            error.message.contains("create a new socket where it is reopened (`socket = io(...)` there"),
            "{error}"
        );
        // The hint: a new socket at each sign-in, the old one dropped at sign-out.
        let fixed = source
            .replace(
                "  if (!socket) {\n    socket = io('/', { autoConnect: false });\n  }\n  socket.connect();\n",
                "  if (!socket) {\n    socket = io('/');\n  }\n",
            )
            .replace("  socket?.disconnect();\n", "  socket?.disconnect();\n  socket = null;\n");
        run("src/socket/socketManager.js", &fixed, &["task"]);
        // Connecting right where it is created is no reopening.
        let beside = "import { io } from 'socket.io-client';\n\nexport const connectSocket = () => {\n  const s = io('/', { autoConnect: false });\n  s.connect();\n  return () => {\n    s.disconnect();\n  };\n};\n";
        run("src/socket/socketManager.js", beside, &["task"]);
    }

    /// `autoConnect: false`, then authenticated and connected later in the same effect:
    /// the new socket's first connect, not a reopening.
    #[test]
    fn auto_connect_false_connected_later_in_the_same_effect_is_wired() {
        let source = "import { useEffect, useRef } from 'react';\nimport { io } from 'socket.io-client';\n\n\
            export function SocketProvider({ token, children }) {\n  const socketRef = useRef(null);\n  useEffect(() => {\n\
            \x20   const socket = io('/', { autoConnect: false });\n    socketRef.current = socket;\n\
            \x20   if (token) {\n      socket.auth = { token };\n      socket.connect();\n    }\n\
            \x20   return () => {\n      socket.disconnect();\n    };\n  }, [token]);\n  return children;\n}\n";
        let text = patched("src/context/SocketContext.jsx", source, &["task"]);
        assert!(
            text.contains(
                "const socket = io('/', { autoConnect: false });\n    taskSocketService.initialize(socket);\n"
            ),
            "{text}"
        );
        assert!(text.contains("taskSocketService.cleanup();\n      socket.disconnect();"), "{text}");
        run("src/context/SocketContext.jsx", source, &["task"]);
        // A `connect()` in a callback there may run after the teardown: still refused.
        let later = source.replace(
            "    if (token) {\n      socket.auth = { token };\n      socket.connect();\n    }\n",
            "    window.addEventListener('online', () => {\n      socket.connect();\n    });\n",
        );
        let error = refused("src/context/SocketContext.jsx", &later);
        assert!(error.message.contains("the socket is reopened by `socket.connect()`"), "{error}");
    }

    #[test]
    fn refuses_two_sockets() {
        let source = FUNCTION.replace(
            "export const getSocket",
            "export const other = () => { const s = io('/admin'); s.close(); };\nexport const getSocket",
        );
        let error = refused("src/socket/socketManager.ts", &source);
        assert_eq!(error.line, 8);
        insta::assert_snapshot!(error.to_string());
    }

    /// The store's socket read into a local first: `const { socket } = get();`,
    /// `const s = useSocketStore.getState().socket;`.
    #[test]
    fn zustand_teardowns_through_a_local() {
        let source = STORE
            .replace(
                "    get().socket?.disconnect();\n",
                "    const { socket } = get();\n    if (socket) {\n      socket.disconnect();\n    }\n",
            )
            .replace(
                "  useSocketStore.getState().socket?.disconnect();\n",
                "  const s = useSocketStore.getState().socket;\n  s?.close();\n",
            );
        let text = patched("src/store/socketStore.js", &source, &["task"]);
        assert!(text.contains("      taskSocketService.cleanup();\n      socket.disconnect();"), "{text}");
        assert!(text.contains("  taskSocketService.cleanup();\n  s?.close();"), "{text}");
        run("src/store/socketStore.js", &source, &["task"]);
    }

    /// A parameter named like the state the socket is kept in is another socket.
    #[test]
    fn a_parameter_named_like_the_state_is_another_socket() {
        let source = PROVIDER.replace(
            "  const other = { close() {} };\n  other.close();\n",
            "  const kick = (socket) => {\n    socket.disconnect();\n  };\n",
        );
        let text = patched("src/context/SocketContext.jsx", &source, &["task"]);
        assert!(text.contains("  const kick = (socket) => {\n    socket.disconnect();"), "{text}");
        assert_eq!(text.matches("taskSocketService.cleanup();").count(), 2, "{text}");
    }

    #[test]
    fn a_binding_of_the_same_name_elsewhere_is_another_socket() {
        // `newSocket` in another function is not the socket the effect created.
        let source = PROVIDER.replace(
            "  const other = { close() {} };\n  other.close();\n",
            "  const reset = (newSocket) => {\n    newSocket.close();\n  };\n",
        );
        let text = patched("src/context/SocketContext.jsx", &source, &["task"]);
        assert!(text.contains("  const reset = (newSocket) => {\n    newSocket.close();"), "{text}");
    }
}
