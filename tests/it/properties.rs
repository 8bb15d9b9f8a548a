//! Property tests over generated variants of a host's files: style (quotes,
//! semicolons, indentation, line endings, BOM, comments, blank lines, trailing
//! whitespace) applied to every code file of the host, as a project-wide
//! formatter would; the backend's specifier convention (`./a.js` or `./a`)
//! flipped and `"use strict"` added where the host allows it; and shapes
//! (start-up, provider, logout, page, loader) where the host has them.
//!
//! Three hosts: the example (`examples/crm`), the CommonJS fixture
//! (`tests/hosts/commonjs-backend`) and the TypeScript fixture
//! (`tests/hosts/typescript-app`), the fixtures with both live modules. For
//! every variant: `add` succeeds and patches what it should, every file and
//! line it writes follows the variant's style and specifier convention, `add`
//! again is a no-op, `check` exits 0, and `remove --purge` gives back the
//! original bytes of the whole tree; the CommonJS backend's results compile
//! as CommonJS in node and the TypeScript ones parse as TypeScript (and,
//! in `live_*`, type-check under `strict`).
//!
//! Variants come from a seeded xorshift generator (no extra crate), so a
//! failure names its seed and settings and replays exactly:
//! `RTGEN_PROPERTY_SEED=17 cargo test --test it properties` runs one seed,
//! `RTGEN_PROPERTY_SEEDS=500` runs more.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::{changed_files, repo, Project};

/// What a host file is to the variant generator.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    /// Imports the module's service, which `add` redirects to the socket-enabled one.
    Controller(&'static str),
    /// Starts the server.
    Entry,
    /// The provider that connects and tears down the socket.
    Auth,
    /// The module's page.
    Page(&'static str),
    /// Every other code file (among them the service and the front socket
    /// client, whose style rtgen follows): gets the variant's style, keeps
    /// its shape.
    Other,
}

/// A host the variants are made from.
struct Host {
    /// For failure messages and test names.
    name: &'static str,
    /// Its folder, relative to the repository.
    source: &'static str,
    /// The files whose shape varies or that `add` patches, by role. Every
    /// code file of the host gets the variant's style, as a project-wide
    /// formatter would.
    files: &'static [(Role, &'static str)],
    /// `rtgen init` runs on the variant (the layout is not the recipe's).
    init: bool,
    /// The modules `add` gets, each with the live suites' spec it is given
    /// (none: `add` derives one from the code).
    modules: &'static [(&'static str, Option<&'static str>)],
    /// The entry's start-up takes the three shapes and `add` wires the
    /// module into it.
    startup: bool,
    /// The backend folder, when it is CommonJS: every `.js` file there that
    /// `add` writes must pass `node --check`.
    commonjs_backend: Option<&'static str>,
    /// The backend folder and whether its relative specifiers carry `.js`,
    /// where a variant may flip that (not an ES module backend on node).
    specifiers: Option<(&'static str, bool)>,
}

const EXAMPLE: Host = Host {
    name: "example",
    source: "examples/crm",
    files: &[
        (Role::Controller("proposal"), "backend/src/controllers/proposalController.js"),
        (Role::Entry, "backend/src/index.js"),
        (Role::Auth, "front/src/admin/contexts/AuthContext.jsx"),
        (Role::Page("proposal"), "front/src/admin/pages/Proposals.jsx"),
    ],
    init: false,
    modules: &[("proposal", None)],
    startup: true,
    commonjs_backend: None,
    specifiers: None,
};

/// The fixtures get both of the live suites' modules: a functions service
/// and an instance (CommonJS), two instances (TypeScript).
const FIXTURE_MODULES: &[(&str, Option<&str>)] =
    &[("proposal", Some("tests/live/fixtures/proposal.yaml")), ("contract", Some("tests/live/fixtures/contract.yaml"))];

const COMMONJS: Host = Host {
    name: "commonjs-backend",
    source: "tests/hosts/commonjs-backend",
    files: &[
        (Role::Controller("proposal"), "server/src/controllers/proposalController.js"),
        (Role::Controller("contract"), "server/src/controllers/contractController.js"),
        (Role::Entry, "server/index.js"),
        (Role::Auth, "client/src/context/AuthContext.jsx"),
        (Role::Page("proposal"), "client/src/pages/Proposals.jsx"),
        (Role::Page("contract"), "client/src/pages/ContractRequests.jsx"),
    ],
    init: true,
    modules: FIXTURE_MODULES,
    startup: false,
    commonjs_backend: Some("server"),
    specifiers: Some(("server", false)),
};

const TYPESCRIPT: Host = Host {
    name: "typescript-app",
    source: "tests/hosts/typescript-app",
    files: &[
        (Role::Controller("proposal"), "backend/src/controllers/proposalController.ts"),
        (Role::Controller("contract"), "backend/src/controllers/contractController.ts"),
        (Role::Entry, "backend/src/index.ts"),
        (Role::Auth, "front/src/admin/contexts/AuthContext.tsx"),
        (Role::Page("proposal"), "front/src/admin/pages/Proposals.tsx"),
        (Role::Page("contract"), "front/src/admin/pages/ContractRequests.tsx"),
    ],
    init: false,
    modules: FIXTURE_MODULES,
    startup: false,
    commonjs_backend: None,
    specifiers: Some(("backend", true)),
};

impl Host {
    fn file(&self, role: Role) -> &'static str {
        self.files.iter().find(|(r, _)| *r == role).map(|(_, f)| *f).expect("the host has a file of that role")
    }

    fn role(&self, file: &str) -> Role {
        self.files.iter().find(|(_, f)| *f == file).map_or(Role::Other, |(r, _)| *r)
    }

    /// A fresh copy of the host, unchanged.
    fn project(&self) -> Project {
        match self.source.strip_prefix("tests/hosts/") {
            Some(name) => Project::host(name),
            None => Project::example(),
        }
    }

    /// The original text of each code file, by its path in the host.
    fn originals(&self) -> BTreeMap<String, String> {
        let project = self.project();
        project
            .files()
            .into_iter()
            .filter(|(f, _)| is_code_file(f))
            .map(|(f, bytes)| (f, String::from_utf8(bytes).expect("UTF-8")))
            .collect()
    }
}

const DEFAULT_SEEDS: u64 = 48;
/// Per fixture host, in the fast suite: a handful, each some six rtgen runs.
const FIXTURE_SEEDS: u64 = 4;
/// Per fixture host, in the `slow_` tests: as many as the example gets.
const SLOW_FIXTURE_SEEDS: u64 = DEFAULT_SEEDS;

// ---------------------------------------------------------------- generator

/// xorshift64*, its state seeded through splitmix64 so small seeds differ.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        // xorshift64*: the multiply mixes the weak low bits; use the high half.
        x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 32
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// True with probability 1/n.
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Quotes {
    Double,
    Single,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Indent {
    Two,
    Four,
    Tabs,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Extras {
    None,
    BlankLines,
    Comments,
    TrailingComments,
    All,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Startup {
    ConstArrow,
    AsyncFunction,
    TopLevelListen,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Provider {
    Arrow,
    FunctionDeclaration,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Logout {
    Plain,
    UseCallback,
    AsyncTryFinally,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Page {
    ExportDefaultFunction,
    ArrowWithSeparateExport,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Loader {
    Fetch,
    Load,
}

/// One variant of the host files. Style applies to all four files, as a
/// project-wide formatter would.
#[derive(Debug, Clone, Copy)]
struct Variant {
    seed: u64,
    quotes: Quotes,
    semicolons: bool,
    indent: Indent,
    crlf: bool,
    final_newline: bool,
    /// Spaces after the end of some lines.
    trailing_whitespace: bool,
    /// A UTF-8 byte order mark, as Windows editors write.
    bom: bool,
    extras: Extras,
    header_comment: bool,
    controller_imports_swapped: bool,
    startup: Startup,
    provider: Provider,
    logout: Logout,
    page: Page,
    loader: Loader,
    /// The backend's relative specifiers the other way round from the
    /// host's own (`./a.js` <-> `./a`), in every backend file: rtgen must
    /// read the convention, not assume it. Only where the host allows both.
    flip_extensions: bool,
    /// A CommonJS backend's files open with `"use strict";`.
    use_strict: bool,
}

impl Variant {
    fn new(seed: u64) -> (Variant, Rng) {
        let mut rng = Rng::new(seed);
        let variant = Variant {
            seed,
            quotes: rng.pick(&[Quotes::Double, Quotes::Single]),
            semicolons: rng.pick(&[true, false]),
            indent: rng.pick(&[Indent::Two, Indent::Four, Indent::Tabs]),
            crlf: rng.pick(&[false, true]),
            final_newline: rng.pick(&[true, false]),
            trailing_whitespace: rng.pick(&[false, true]),
            bom: rng.one_in(6),
            extras: rng.pick(&[
                Extras::None,
                Extras::BlankLines,
                Extras::Comments,
                Extras::TrailingComments,
                Extras::All,
            ]),
            header_comment: rng.pick(&[false, true]),
            controller_imports_swapped: rng.pick(&[false, true]),
            startup: rng.pick(&[Startup::ConstArrow, Startup::AsyncFunction, Startup::TopLevelListen]),
            provider: rng.pick(&[Provider::Arrow, Provider::FunctionDeclaration]),
            logout: rng.pick(&[Logout::Plain, Logout::UseCallback, Logout::AsyncTryFinally]),
            page: rng.pick(&[Page::ExportDefaultFunction, Page::ArrowWithSeparateExport]),
            loader: rng.pick(&[Loader::Fetch, Loader::Load]),
            flip_extensions: rng.pick(&[false, true]),
            use_strict: rng.pick(&[false, true]),
        };
        (variant, rng)
    }

    /// The variant of one host file, from the host's text (LF, 2 spaces,
    /// double quotes, semicolons, final newline).
    fn render(&self, host: &Host, file: &str, original: &str, rng: &mut Rng) -> String {
        let text = self.structure(host, host.role(file), original);
        let lines: Vec<&str> = text.split('\n').collect();
        // Where extras may go: after a statement's end (`Some(false)`) or a
        // block's start (`Some(true)`), found before semicolons go.
        let slots: Vec<Option<bool>> = lines
            .iter()
            .map(|line| match line.trim_end() {
                t if t.trim_start().starts_with("//") => None,
                t if t.ends_with(';') => Some(false),
                t if t.ends_with('{') => Some(true),
                _ => None,
            })
            .collect();
        // A `;` stays where the next line would continue the statement
        // without it, as Prettier's `semi: false` keeps it.
        let continues = |i: usize| {
            let next = lines[i + 1..].iter().map(|l| l.trim()).find(|l| !l.is_empty()).unwrap_or("");
            let comment = next.starts_with("//") || next.starts_with("/*");
            matches!(next.chars().next(), Some('(' | '[' | '`' | '+' | '-' | '/')) && !comment
        };
        let lines: Vec<String> = lines
            .iter()
            .enumerate()
            .map(|(i, line)| match line.strip_suffix(';') {
                Some(rest) if !self.semicolons && !continues(i) => rest.to_string(),
                _ => line.to_string(),
            })
            .collect();
        let mut out = Vec::new();
        if self.header_comment {
            out.push("/* eslint-disable no-console */".to_string());
        }
        let last = lines.len() - 1;
        for (i, line) in lines.into_iter().enumerate() {
            let Some(block_start) = slots[i] else {
                out.push(line);
                continue;
            };
            let indent = leading_spaces(&line) + if block_start { 2 } else { 0 };
            let mut line = line;
            let trailing = matches!(self.extras, Extras::TrailingComments | Extras::All);
            if trailing && !block_start && rng.one_in(4) {
                line.push_str(rng.pick(&[" // trailing note", " /* why: \"legacy\" */", " // don't move"]));
            }
            out.push(line);
            if i == last {
                continue;
            }
            if matches!(self.extras, Extras::BlankLines | Extras::All) && rng.one_in(4) {
                out.push(String::new());
            }
            if matches!(self.extras, Extras::Comments | Extras::All) && rng.one_in(4) {
                out.push(format!("{}{}", " ".repeat(indent), rng.pick(COMMENTS)));
            }
        }
        let text = out.join("\n");
        let text = match self.quotes {
            Quotes::Double => text,
            Quotes::Single => single_quotes(&text),
        };
        let mut text = reindent(&text, self.indent);
        if self.trailing_whitespace {
            let lines: Vec<&str> = text.split('\n').collect();
            let last = lines.len() - 1;
            text = lines
                .iter()
                .enumerate()
                .map(|(i, line)| match i < last && rng.one_in(4) {
                    true => format!("{line}{}", rng.pick(&[" ", "  ", "\t"])),
                    false => line.to_string(),
                })
                .collect::<Vec<_>>()
                .join("\n");
        }
        if !self.final_newline {
            while text.ends_with('\n') {
                text.pop();
            }
        }
        if self.crlf {
            text = text.replace('\n', "\r\n");
        }
        if self.bom {
            text.insert(0, '\u{feff}');
        }
        text
    }

    /// Shapes: start-up function, provider, logout, page component, loader
    /// name. The start-up shapes are the example's; the others are found in
    /// any host's text.
    fn structure(&self, host: &Host, role: Role, original: &str) -> String {
        let mut text = original.to_string();
        match role {
            Role::Controller(_) if self.controller_imports_swapped => {
                let (first, rest) = text.split_once('\n').unwrap();
                let (second, rest) = rest.split_once('\n').unwrap();
                // Only two one-line imports swap (not a destructured `require` over lines).
                if [first, second].iter().all(|l| l.starts_with("import ") && l.ends_with(';')) {
                    text = format!("{second}\n{first}\n{rest}");
                }
            }
            Role::Entry if host.startup => match self.startup {
                Startup::ConstArrow => {}
                Startup::AsyncFunction => {
                    replace_once(&mut text, "const startServer = async () => {\n", "async function startServer() {\n");
                    replace_once(&mut text, "  return server;\n};\n", "  return server;\n}\n");
                }
                Startup::TopLevelListen => {
                    let start = text.find("const startServer = async () => {\n").expect("start-up function");
                    let end = text.find("startServer();\n").expect("start-up call") + "startServer();\n".len();
                    let body = text[start..end]
                        .lines()
                        .filter(|l| {
                            !l.starts_with("const startServer")
                                && !l.contains("return server;")
                                && *l != "};"
                                && *l != "startServer();"
                        })
                        .map(|l| l.strip_prefix("  ").unwrap_or(l))
                        .collect::<Vec<_>>()
                        .join("\n");
                    text = format!("{}{}\n", &text[..start], body.trim_end());
                }
            },
            Role::Auth => {
                if self.provider == Provider::FunctionDeclaration {
                    let start = text.find("export const AuthProvider = (").expect("an arrow provider");
                    let line_end = start + text[start..].find(" => {\n").expect("the provider's arrow");
                    let params = text["export const AuthProvider = ".len() + start..line_end].to_string();
                    text.replace_range(
                        start..line_end + " => {\n".len(),
                        &format!("export function AuthProvider{params} {{\n"),
                    );
                    replace_once(&mut text, "</AuthContext.Provider>;\n};\n", "</AuthContext.Provider>;\n}\n");
                }
                self.reshape_logout(&mut text);
            }
            Role::Page("proposal") => {
                if self.page == Page::ArrowWithSeparateExport {
                    replace_once(&mut text, "export default function Proposals() {\n", "const Proposals = () => {\n");
                    assert!(text.ends_with("\n}\n"), "the page no longer ends with `}}`");
                    text.truncate(text.len() - 2);
                    text.push_str("};\n\nexport default Proposals;\n");
                }
                if self.loader == Loader::Load {
                    assert!(text.contains("fetchProposals"));
                    text = text.replace("fetchProposals", "loadProposals");
                }
            }
            _ => {}
        }
        text
    }

    /// `const logout = ...` (plain or `useCallback`, as the host has it)
    /// in the variant's shape, with the same body.
    fn reshape_logout(&self, text: &mut String) {
        let start = text.find("  const logout = ").expect("a `logout`");
        let first_end = start + text[start..].find('\n').unwrap() + 1;
        let close = ["  };\n", "  }, []);\n"]
            .iter()
            .filter_map(|c| text[first_end..].find(&format!("\n{c}")).map(|i| (first_end + i + 1, c.len())))
            .min()
            .expect("the end of `logout`");
        let body = text[first_end..close.0].to_string();
        let shaped = match self.logout {
            Logout::Plain => format!("  const logout = () => {{\n{body}  }};\n"),
            Logout::UseCallback => format!("  const logout = useCallback(() => {{\n{body}  }}, []);\n"),
            Logout::AsyncTryFinally => {
                let indented: String = body.lines().map(|l| format!("  {l}\n")).collect();
                format!("  const logout = async () => {{\n    try {{\n      await api.post(\"/api/auth/logout\");\n    }} finally {{\n{indented}    }}\n  }};\n")
            }
        };
        text.replace_range(start..close.0 + close.1, &shaped);
        if self.logout == Logout::UseCallback && !text.contains("useCallback,") {
            replace_once(text, "{ createContext, useContext,", "{ createContext, useCallback, useContext,");
        }
    }
}

/// Comments put between statements, some naming what rtgen looks for, so
/// that only the syntax tree can tell them apart from code.
const COMMENTS: &[&str] = &[
    "// keep in sync with the ticket module",
    "/* reviewed */",
    "/** Docs: it's \"fine\". */",
    "// socketService.disconnect() tears the socket down",
    "// proposalEvents.initialize(io) could go here",
    "// TODO: proposalSocketService.cleanup();",
    "// import proposalSocketService from \"../services/proposalSocketService\";",
];

/// Relative specifiers of `import ... from`, `require(...)` and
/// `import(...)` with a `.js` extension (`with`) or without.
fn flip_extensions(text: &str, with: bool) -> String {
    let mut out = String::new();
    for (kind, segment) in segments(text) {
        let body = segment.get(1..segment.len() - 1).unwrap_or("");
        let loads = ["from ", "require(", "import("].iter().any(|p| out.trim_end_matches(' ').ends_with(p.trim_end()));
        if kind == Segment::String && loads && (body.starts_with("./") || body.starts_with("../")) {
            let q = &segment[..1];
            let stem = body.strip_suffix(".js").unwrap_or(body);
            out.push_str(&format!("{q}{stem}{}{q}", if with { ".js" } else { "" }));
        } else {
            out.push_str(segment);
        }
    }
    out
}

/// The relative specifiers `text` loads, for checking generated files.
fn relative_specifiers(text: &str) -> Vec<String> {
    let mut before = String::new();
    let mut found = Vec::new();
    for (kind, segment) in segments(text) {
        let body = segment.get(1..segment.len() - 1).unwrap_or("");
        let loads = ["from", "require(", "import("].iter().any(|p| before.trim_end().ends_with(p));
        if kind == Segment::String && loads && (body.starts_with("./") || body.starts_with("../")) {
            found.push(body.to_string());
        }
        before.push_str(segment);
    }
    found
}

fn replace_once(text: &mut String, from: &str, to: &str) {
    assert_eq!(text.matches(from).count(), 1, "the example changed: expected `{from}` once");
    *text = text.replacen(from, to, 1);
}

fn leading_spaces(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// 2-space indentation to the variant's.
fn reindent(text: &str, indent: Indent) -> String {
    let unit = match indent {
        Indent::Two => return text.to_string(),
        Indent::Four => "    ",
        Indent::Tabs => "\t",
    };
    text.split('\n')
        .map(|line| {
            // An odd space is a block comment's ` *` column: it stays.
            let n = leading_spaces(line);
            format!("{}{}{}", unit.repeat(n / 2), " ".repeat(n % 2), &line[n..])
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Segment {
    Code,
    Comment,
    String,
    Template,
}

/// Splits JS/JSX/TS into code, comments, string and template literals.
/// Enough for the hosts' files: no quotes or comment marks in regex literals
/// or JSX text, no backticks inside `${}`.
fn segments(src: &str) -> Vec<(Segment, &str)> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut code_start) = (0, 0);
    while i < b.len() {
        let (kind, end) = match (b[i], b.get(i + 1)) {
            (b'/', Some(b'/')) => (Segment::Comment, src[i..].find('\n').map_or(b.len(), |n| i + n)),
            (b'/', Some(b'*')) => (Segment::Comment, i + 2 + src[i + 2..].find("*/").expect("closed comment") + 2),
            (q @ (b'"' | b'\'' | b'`'), _) => {
                let mut j = i + 1;
                while b[j] != q {
                    assert!(q == b'`' || b[j] != b'\n', "unclosed string in a host file");
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                (if q == b'`' { Segment::Template } else { Segment::String }, j + 1)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        if code_start < i {
            out.push((Segment::Code, &src[code_start..i]));
        }
        out.push((kind, &src[i..end]));
        i = end;
        code_start = end;
    }
    if code_start < b.len() {
        out.push((Segment::Code, &src[code_start..]));
    }
    out
}

/// Double-quoted string literals without quotes or escapes inside become
/// single-quoted; everything else stays.
fn single_quotes(src: &str) -> String {
    segments(src)
        .into_iter()
        .map(|(kind, text)| match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            Some(body) if kind == Segment::String && !body.contains(['\'', '\\']) => format!("'{body}'"),
            _ => text.to_string(),
        })
        .collect()
}

/// The file without its comments, for counting calls.
fn code_only(src: &str) -> String {
    segments(src).into_iter().filter(|(k, _)| *k != Segment::Comment).map(|(_, t)| t).collect()
}

// ---------------------------------------------------------------- the property

/// A copy of `host` with the variant's files, `init` run where the host
/// needs it, and the modules' specs written.
fn prepare(host: &Host, variant: &Variant, originals: &BTreeMap<String, String>) -> Result<Project, String> {
    let (_, mut rng) = Variant::new(variant.seed);
    let project = host.project();
    let flip = host.specifiers.filter(|_| variant.flip_extensions);
    let flipped = |file: &str, text: &str| match flip {
        Some((backend, with)) if file.starts_with(&format!("{backend}/")) => flip_extensions(text, !with),
        _ => text.to_string(),
    };
    let strict = |file: &str, text: String| match host.commonjs_backend {
        Some(backend) if variant.use_strict && file.starts_with(&format!("{backend}/")) => {
            format!("\"use strict\";\n\n{text}")
        }
        _ => text,
    };
    for (file, text) in originals {
        let text = variant.render(host, file, &strict(file, flipped(file, text)), &mut rng);
        // A variant is a host that loads: the generator's own edits must not break it.
        if let Err(e) = parses(Path::new(file), &text) {
            panic!("seed {}: the generator made {file} unparsable: {e}\n{text}", variant.seed);
        }
        project.write(file, &text);
    }
    if host.init {
        let run = project.rtgen(&["init"]);
        if run.code != 0 {
            return Err(format!("`init` failed:\n{}", run.report(&project)));
        }
    }
    for (module, spec) in host.modules {
        let Some(spec) = spec else { continue };
        let mut spec = std::fs::read_to_string(repo().join(spec)).unwrap();
        // The spec names the JSX page; the host's may be TSX.
        let page = host.file(Role::Page(module)).rsplit('/').next().unwrap();
        if let Some(named) = spec.lines().find_map(|l| l.trim().strip_prefix("page: ")).map(str::to_string) {
            spec = spec.replace(&format!("page: {named}"), &format!("page: {page}"));
        }
        project.write(&format!("realtime/{module}.yaml"), &spec);
    }
    Ok(project)
}

/// What went wrong for one variant of `host`, or nothing.
fn check_variant(host: &Host, variant: &Variant, originals: &BTreeMap<String, String>) -> Result<(), String> {
    let project = prepare(host, variant, originals)?;
    let original = project.files();
    let modules: Vec<&str> = host.modules.iter().map(|(m, _)| *m).collect();

    let run = project.rtgen(&[&["add"], &modules[..]].concat());
    if run.code != 0 {
        return Err(format!("first `add` failed:\n{}", run.report(&project)));
    }
    let once = project.files();
    let changed = changed_files(&original, &once);
    for (role, file) in host.files {
        let patched = match role {
            Role::Controller(_) | Role::Auth | Role::Page(_) => true,
            // Whatever its start-up's shape, the entry gets no line: rtgen's runtime is
            // attached in the module that creates the server.
            Role::Entry => false,
            Role::Other => false,
        };
        if patched != changed.iter().any(|c| c == file) {
            return Err(format!("`add` patched {file}: {}, expected {patched}; changed: {changed:?}", !patched));
        }
    }
    meaning(host, &project).map_err(|e| format!("after `add`: {e}"))?;
    follows_style(variant, &original, &once).map_err(|e| format!("after `add`: {e}"))?;
    specifiers_follow(host, variant, &original, &once).map_err(|e| format!("after `add`: {e}"))?;
    strict_follows(host, variant, &original, &once).map_err(|e| format!("after `add`: {e}"))?;
    loads(host, &project, &original, &once).map_err(|e| format!("after `add`: {e}"))?;

    let run = project.rtgen(&[&["add"], &modules[..]].concat());
    let twice = project.files();
    if run.code != 0 || !changed_files(&once, &twice).is_empty() || !run.stdout.contains("up to date") {
        return Err(format!(
            "second `add` is not a no-op; changed {:?}\n{}{}",
            changed_files(&once, &twice),
            run.report(&project),
            diffs(&once, &twice)
        ));
    }

    let run = project.rtgen(&["check"]);
    if run.code != 0 {
        return Err(format!("`check` after `add` failed:\n{}", run.report(&project)));
    }

    for module in &modules {
        let run = project.rtgen(&["remove", module, "--purge"]);
        if run.code != 0 {
            return Err(format!("`remove {module} --purge` failed:\n{}", run.report(&project)));
        }
    }
    let mut after = project.files();
    for (module, spec) in host.modules {
        if spec.is_some() {
            // `--purge` deletes the spec this test wrote: it is not the host's.
            let spec = format!("realtime/{module}.yaml");
            if after.contains_key(&spec) {
                return Err(format!("`remove --purge` left {spec}"));
            }
            after.insert(spec.clone(), original[&spec].clone());
        }
    }
    if !changed_files(&original, &after).is_empty() {
        return Err(format!(
            "`remove --purge` after `add` did not restore the original bytes; differ: {:?}\n{}",
            changed_files(&original, &after),
            diffs(&original, &after)
        ));
    }
    Ok(())
}

/// The patches mean what they should, whatever the shape: every teardown
/// site cleans the module up, the start-up initialises it before listening,
/// the controller imports the socket-enabled service, the page subscribes.
fn meaning(host: &Host, project: &Project) -> Result<(), String> {
    for (module, _) in host.modules {
        module_meaning(host, project, module)?;
    }
    Ok(())
}

fn module_meaning(host: &Host, project: &Project, module: &'static str) -> Result<(), String> {
    let auth_file = host.file(Role::Auth);
    let auth = code_only(&project.read(auth_file));
    let (cleanup, initialize) =
        (format!("{module}SocketService.cleanup()"), format!("{module}SocketService.initialize()"));
    let (disconnects, cleanups) = (auth.matches("socketService.disconnect()").count(), auth.matches(&cleanup).count());
    if cleanups != disconnects {
        return Err(format!("{auth_file}: {disconnects} `disconnect()` sites but {cleanups} `{cleanup}`"));
    }
    if auth.matches(&initialize).count() != 1 {
        return Err(format!("{auth_file}: `{initialize}` is not there exactly once"));
    }
    if host.startup {
        let index_file = host.file(Role::Entry);
        let index = code_only(&project.read(index_file));
        if index.contains(&format!("{module}Events")) {
            return Err(format!("{index_file}: a start-up line for `{module}`"));
        }
        let server_file = "backend/src/socket/socketServer.js";
        let server = code_only(&project.read(server_file));
        if server.matches("realtime.attach(io)").count() != 1 {
            return Err(format!("{server_file}: `realtime.attach(io)` is not there exactly once"));
        }
    }
    let controller_file = host.file(Role::Controller(module));
    let controller = code_only(&project.read(controller_file));
    let plain = ["\"", "'", ".js"].map(|end| format!("/services/{module}Service{end}"));
    if !controller.contains(&format!("/services/{module}ServiceWithSocket"))
        || plain.iter().any(|p| controller.contains(p))
    {
        return Err(format!("{controller_file}: the service import was not redirected"));
    }
    let page_file = host.file(Role::Page(module));
    let page = code_only(&project.read(page_file));
    let subscribe = format!("{module}SocketService.subscribe(");
    if page.matches(&subscribe).count() != 1 {
        return Err(format!("{page_file}: no single `{subscribe}`"));
    }
    Ok(())
}

fn is_code_file(path: &str) -> bool {
    [".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs"].iter().any(|ext| path.ends_with(ext))
}

/// Every file `add` created and every line it added to a host file follow
/// the variant's style: line endings, indentation unit, quotes, semicolons.
fn follows_style(
    variant: &Variant,
    original: &BTreeMap<String, Vec<u8>>,
    once: &BTreeMap<String, Vec<u8>>,
) -> Result<(), String> {
    let mut errors = Vec::new();
    for file in changed_files(original, once).iter().filter(|f| is_code_file(f)) {
        let after = String::from_utf8(once[file].clone()).expect("UTF-8");
        // The byte ranges of what `add` wrote: the whole file, or the lines it added.
        let added: Vec<(usize, usize)> = match original.get(file) {
            None => vec![(0, after.len())],
            Some(before) => {
                let before = String::from_utf8(before.clone()).expect("UTF-8");
                let diff = similar::TextDiff::from_lines(&before, &after);
                let starts: Vec<usize> =
                    std::iter::once(0).chain(after.match_indices('\n').map(|(i, _)| i + 1)).collect();
                diff.ops()
                    .iter()
                    .filter(|op| op.tag() != similar::DiffTag::Equal)
                    .map(|op| op.new_range())
                    .filter(|r| !r.is_empty())
                    .map(|r| (starts[r.start], starts.get(r.end).copied().unwrap_or(after.len())))
                    .collect()
            }
        };
        for problem in style_problems(variant, &after, &added) {
            errors.push(format!("{file}: {problem}"));
        }
    }
    match errors.is_empty() {
        true => Ok(()),
        false => Err(format!("does not follow the host's style:\n  {}", errors.join("\n  "))),
    }
}

/// The relative specifiers in every backend file `add` wrote or changed
/// carry `.js` exactly when the host's (as the variant left them) do.
fn specifiers_follow(
    host: &Host,
    variant: &Variant,
    original: &BTreeMap<String, Vec<u8>>,
    once: &BTreeMap<String, Vec<u8>>,
) -> Result<(), String> {
    let Some((backend, with)) = host.specifiers else { return Ok(()) };
    let with = with != variant.flip_extensions;
    for file in changed_files(original, once) {
        if !file.starts_with(&format!("{backend}/")) || !is_code_file(&file) {
            continue;
        }
        let text = String::from_utf8(once[&file].clone()).unwrap();
        for specifier in relative_specifiers(&text) {
            if specifier.ends_with(".js") != with {
                let want = if with { "with `.js`" } else { "without an extension" };
                return Err(format!("{file}: loads `{specifier}`, but the host's backend loads its files {want}"));
            }
        }
    }
    Ok(())
}

/// A CommonJS backend's new files open with `"use strict"` exactly when
/// the host's do.
fn strict_follows(
    host: &Host,
    variant: &Variant,
    original: &BTreeMap<String, Vec<u8>>,
    once: &BTreeMap<String, Vec<u8>>,
) -> Result<(), String> {
    let Some(backend) = host.commonjs_backend else { return Ok(()) };
    for file in changed_files(original, once) {
        if !file.starts_with(&format!("{backend}/")) || original.contains_key(&file) || !is_code_file(&file) {
            continue;
        }
        let text = code_only(&String::from_utf8(once[&file].clone()).unwrap());
        let first = text.split('\n').map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
        let strict = first.trim_end_matches(';').trim_matches(['"', '\'']) == "use strict";
        if strict != variant.use_strict {
            return Err(format!("{file}: opens with `{first}`, the host's files use strict: {}", variant.use_strict));
        }
    }
    Ok(())
}

/// What in `ranges` of `text` breaks the variant's style.
fn style_problems(variant: &Variant, text: &str, ranges: &[(usize, usize)]) -> Vec<String> {
    let inside = |offset: usize| ranges.iter().any(|&(a, b)| a <= offset && offset < b);
    let mut problems = Vec::new();
    let code = code_only_keeping_offsets(text);
    let lines: Vec<(usize, &str)> = {
        let mut at = 0;
        text.split_inclusive('\n')
            .map(|l| {
                let start = at;
                at += l.len();
                (start, l)
            })
            .collect()
    };
    for (n, &(start, line)) in lines.iter().enumerate() {
        if !inside(start) {
            continue;
        }
        let number = n + 1;
        let body = line.trim_end_matches('\n').trim_end_matches('\r');
        if line.ends_with('\n') && line.ends_with("\r\n") != variant.crlf {
            problems.push(format!("line {number} ends with the wrong line ending: `{body}`"));
        }
        if body.trim().is_empty() {
            continue;
        }
        let lead = &body[..body.len() - body.trim_start_matches([' ', '\t', '\u{feff}']).len()];
        let lead = lead.trim_start_matches('\u{feff}');
        let ok = match variant.indent {
            Indent::Tabs => matches!(lead.trim_start_matches('\t'), "" | " "),
            Indent::Four => !lead.contains('\t') && matches!(lead.len() % 4, 0 | 1),
            Indent::Two => !lead.contains('\t'),
        };
        if !ok {
            problems.push(format!("line {number} is not indented with {:?}: `{body}`", variant.indent));
        }
        // Semicolons, on the code of the line (comments blanked).
        let code_line = code[start..start + body.len()].trim_end();
        let next = lines[n + 1..]
            .iter()
            .map(|&(s, l)| code[s..s + l.trim_end().len()].trim())
            .find(|l| !l.is_empty())
            .unwrap_or("");
        let hazard = matches!(next.chars().next(), Some('(' | '[' | '`' | '+' | '-' | '/'));
        if !variant.semicolons && code_line.ends_with(';') && !hazard && !code_line.trim_start().starts_with("for (") {
            problems.push(format!("line {number} ends with `;` in a host without semicolons: `{body}`"));
        }
        let continues = [".", "?", ":", "&&", "||", ")", "]", "+", "=>"].iter().any(|c| next.starts_with(c));
        let ends_statement = code_line.ends_with(')') || code_line.ends_with(['"', '\'']);
        let is_header =
            ["if ", "if(", "for ", "while ", "} else"].iter().any(|h| code_line.trim_start().starts_with(h));
        if variant.semicolons && ends_statement && !continues && !is_header && !code_line.trim_start().starts_with('@')
        {
            problems.push(format!("line {number} ends without `;` in a host with semicolons: `{body}`"));
        }
    }
    for (kind, segment) in segments(text) {
        let offset = segment.as_ptr() as usize - text.as_ptr() as usize;
        if kind != Segment::String || !inside(offset) {
            continue;
        }
        let (quote, other) = match variant.quotes {
            Quotes::Single => ('\'', '"'),
            Quotes::Double => ('"', '\''),
        };
        if segment.starts_with(other) && !segment[1..segment.len() - 1].contains(quote) {
            problems.push(format!("{segment} is not in {:?} quotes", variant.quotes));
        }
    }
    problems
}

/// `text` with comments blanked to spaces, so offsets stay.
fn code_only_keeping_offsets(text: &str) -> String {
    segments(text)
        .into_iter()
        .map(|(kind, s)| match kind {
            Segment::Comment => s.chars().map(|c| if c == '\n' || c == '\r' { c } else { ' ' }).collect(),
            _ => s.to_string(),
        })
        .collect()
}

/// Every changed code file loads: a CommonJS backend's compiles as
/// CommonJS in node (what `node --check` does, in one process for all of
/// them), a TypeScript one through oxc's TypeScript parser and early-error
/// checks.
fn loads(
    host: &Host,
    project: &Project,
    original: &BTreeMap<String, Vec<u8>>,
    once: &BTreeMap<String, Vec<u8>>,
) -> Result<(), String> {
    let mut commonjs = Vec::new();
    for file in changed_files(original, once).iter().filter(|f| is_code_file(f)) {
        let path = project.root().join(file);
        if file.ends_with(".ts") || file.ends_with(".tsx") {
            parses(&path, &project.read(file)).map_err(|e| format!("{file}: {e}"))?;
        }
        if host
            .commonjs_backend
            .is_some_and(|backend| file.starts_with(&format!("{backend}/")) && file.ends_with(".js"))
        {
            commonjs.push(path);
        }
    }
    if commonjs.is_empty() {
        return Ok(());
    }
    // The module wrapper node puts around a CommonJS file: an `import` in it
    // fails here as it would at start-up.
    const CHECK: &str = r#"const { readFileSync } = require("fs");
const { Script } = require("vm");
const { wrap } = require("module");
let failed = 0;
for (const file of process.argv.slice(1)) {
  try {
    new Script(wrap(readFileSync(file, "utf8").replace(/^\uFEFF/, "")), { filename: file });
  } catch (error) {
    failed = 1;
    console.error(`${file}: ${error.message}`);
  }
}
process.exit(failed);"#;
    let output = std::process::Command::new("node").arg("-e").arg(CHECK).args(&commonjs).output().expect("node runs");
    match output.status.success() {
        true => Ok(()),
        false => Err(format!("not valid CommonJS for node:\n{}", String::from_utf8_lossy(&output.stderr))),
    }
}

/// Parses with oxc (JSX in `.js` too, TypeScript by extension) and runs its
/// early-error checks.
fn parses(path: &Path, source: &str) -> Result<(), String> {
    let allocator = oxc_allocator::Allocator::default();
    let source_type = oxc_span::SourceType::from_path(path).map_err(|e| e.to_string())?;
    let source_type = if source_type.is_typescript() { source_type } else { source_type.with_jsx(true) };
    let ret = oxc_parser::Parser::new(&allocator, source, source_type).parse();
    if ret.panicked || !ret.diagnostics.is_empty() {
        return Err(format!("does not parse as TypeScript: {:?}", ret.diagnostics));
    }
    let semantic = oxc_semantic::SemanticBuilder::new().with_check_syntax_error(true).build(&ret.program);
    match semantic.diagnostics.is_empty() {
        true => Ok(()),
        false => Err(format!("fails TypeScript's early checks: {:?}", semantic.diagnostics)),
    }
}

/// Unified diffs of the files that differ, for failure messages.
fn diffs(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> String {
    changed_files(a, b)
        .iter()
        .map(|file| {
            let left = String::from_utf8_lossy(a.get(file).map_or(&[][..], |v| v)).replace('\r', "␍");
            let right = String::from_utf8_lossy(b.get(file).map_or(&[][..], |v| v)).replace('\r', "␍");
            format!("{}\n", similar::TextDiff::from_lines(&left, &right).unified_diff().header(file, file))
        })
        .collect()
}

fn seeds(default: u64) -> Vec<u64> {
    let var = |name| std::env::var(name).ok().map(|v: String| v.parse::<u64>().expect("a number"));
    match (var("RTGEN_PROPERTY_SEED"), var("RTGEN_PROPERTY_SEEDS")) {
        (Some(seed), _) => vec![seed],
        (None, Some(n)) => (0..n).collect(),
        (None, None) => (0..default).collect(),
    }
}

/// Every seed's variant of `host` holds the property; the failures, each
/// with its seed and settings.
fn check_host(host: &Host, seeds: Vec<u64>) {
    let originals = host.originals();
    let mut failures = Vec::new();
    for seed in seeds {
        let (variant, _) = Variant::new(seed);
        if let Err(why) = check_variant(host, &variant, &originals) {
            failures.push(format!("{} seed {seed}: {variant:?}\n{why}", host.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} variant(s) failed (replay one with RTGEN_PROPERTY_SEED=<seed>):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn add_is_idempotent_and_remove_restores_every_byte_over_host_file_variants() {
    check_host(&EXAMPLE, seeds(DEFAULT_SEEDS));
}

#[test]
fn commonjs_fixture_variants_follow_their_style_and_round_trip() {
    check_host(&COMMONJS, seeds(FIXTURE_SEEDS));
}

#[test]
fn typescript_fixture_variants_follow_their_style_and_round_trip() {
    check_host(&TYPESCRIPT, seeds(FIXTURE_SEEDS));
}

/// The fixtures over the seeds past the fast suite's (the slow filter's
/// share: a few dozen seconds on two cores).
#[test]
fn slow_fixture_variants_over_more_seeds() {
    for host in [&COMMONJS, &TYPESCRIPT] {
        let more: Vec<u64> = seeds(SLOW_FIXTURE_SEEDS).into_iter().filter(|&s| s >= FIXTURE_SEEDS).collect();
        check_host(host, more);
    }
}

/// The TypeScript fixture's variants type-check under `strict` after `add`
/// (`tsc --noEmit`, the committed typescript): two without semicolons, one
/// with, whatever else their seeds set.
#[test]
fn live_typescript_fixture_variants_type_check_after_add() {
    let originals = TYPESCRIPT.originals();
    let modules: Vec<&str> = TYPESCRIPT.modules.iter().map(|(m, _)| *m).collect();
    let variants: Vec<Variant> = {
        // The fixture's tsconfig resolves NodeNext: `.js` specifiers only.
        let all: Vec<Variant> =
            (0..DEFAULT_SEEDS).map(|seed| Variant::new(seed).0).filter(|v| !v.flip_extensions).collect();
        let pick = |semicolons: bool, n: usize| all.iter().filter(move |v| v.semicolons == semicolons).take(n).copied();
        pick(false, 2).chain(pick(true, 1)).collect()
    };
    let mut failures = Vec::new();
    for variant in variants {
        let project = prepare(&TYPESCRIPT, &variant, &originals).unwrap();
        project.rtgen_ok(&[&["add"], &modules[..]].concat());
        for side in ["backend", "front"] {
            let (ok, output) = crate::typescript::tsc(&project, side);
            if !ok {
                failures.push(format!("seed {}: {variant:?}\n{side} does not type-check:\n{output}", variant.seed));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The generator itself: each setting actually shows in the files it makes.
#[test]
fn the_variant_generator_produces_what_its_settings_say() {
    let auth = EXAMPLE.file(Role::Auth);
    let originals = EXAMPLE.originals();
    let mut seen = String::new();
    for seed in 0..DEFAULT_SEEDS {
        let (v, mut rng) = Variant::new(seed);
        let mut text = String::new();
        for (file, original) in &originals {
            let rendered = v.render(&EXAMPLE, file, original, &mut rng);
            if file == auth {
                text = rendered;
            }
        }
        let context = format!("seed {seed}: {v:?}");
        assert_eq!(text.contains("\r\n"), v.crlf, "{context}");
        assert_eq!(text.ends_with('\n'), v.final_newline, "{context}");
        assert_eq!(text.starts_with('\u{feff}'), v.bom, "{context}");
        assert_eq!(text.contains("\n\tconst [user"), v.indent == Indent::Tabs, "{context}");
        assert_eq!(text.contains("from 'react'"), v.quotes == Quotes::Single, "{context}");
        assert_eq!(code_only(&text).contains("setUser(null);"), v.semicolons, "{context}");
        assert_eq!(text.contains("useCallback(() =>"), v.logout == Logout::UseCallback, "{context}");
        assert_eq!(
            text.contains("export function AuthProvider"),
            v.provider == Provider::FunctionDeclaration,
            "{context}"
        );
        seen.push_str(&format!("{v:?}").replace(" }", ", }"));
    }
    // The default seeds cover every value of every setting.
    for value in [
        "quotes: Double",
        "quotes: Single",
        "semicolons: true",
        "semicolons: false",
        "indent: Two",
        "indent: Four",
        "indent: Tabs",
        "crlf: false",
        "crlf: true",
        "final_newline: true",
        "final_newline: false",
        "trailing_whitespace: false",
        "trailing_whitespace: true",
        "bom: false",
        "bom: true",
        "extras: None",
        "extras: BlankLines",
        "extras: Comments",
        "extras: TrailingComments",
        "extras: All",
        "header_comment: false",
        "header_comment: true",
        "controller_imports_swapped: false",
        "controller_imports_swapped: true",
        "startup: ConstArrow",
        "startup: AsyncFunction",
        "startup: TopLevelListen",
        "provider: Arrow",
        "provider: FunctionDeclaration",
        "logout: Plain",
        "logout: UseCallback",
        "logout: AsyncTryFinally",
        "page: ExportDefaultFunction",
        "page: ArrowWithSeparateExport",
        "loader: Fetch",
        "loader: Load",
        "flip_extensions: false",
        "flip_extensions: true",
        "use_strict: false",
        "use_strict: true",
    ] {
        assert!(seen.contains(&format!("{value},")), "no default seed has `{value}`");
    }
    // Relative specifiers flip; packages, other strings and comments stay.
    let src = "import a from \"./a.js\";\nconst b = require('../b');\nconst c = require(\"c\");\nf(\"./d\"); // require(\"./e\")\n";
    assert_eq!(
        flip_extensions(src, true),
        "import a from \"./a.js\";\nconst b = require('../b.js');\nconst c = require(\"c\");\nf(\"./d\"); // require(\"./e\")\n"
    );
    assert_eq!(flip_extensions(src, false).matches(".js").count(), 0);
    assert_eq!(relative_specifiers(src), ["./a.js", "../b"]);
    // Strings holding a quote keep theirs; comments and templates are untouched.
    assert_eq!(single_quotes("a(\"x\", \"it's\", `\"t\"`); // \"c\"\n"), "a('x', \"it's\", `\"t\"`); // \"c\"\n");
    assert!(originals[auth].contains("socketService.disconnect();"));
}

/// Regression: rtgen read a TypeScript file's style as JavaScript, which
/// does not parse, so a single-quoted TypeScript host without semicolons got
/// double quotes and semicolons; and TypeScript templates kept the `;` after
/// type aliases and interface members.
#[test]
fn typescript_host_without_semicolons_gets_its_own_style() {
    let variant = Variant {
        seed: 0,
        quotes: Quotes::Single,
        semicolons: false,
        indent: Indent::Tabs,
        crlf: false,
        final_newline: true,
        trailing_whitespace: false,
        bom: false,
        extras: Extras::None,
        header_comment: false,
        controller_imports_swapped: false,
        startup: Startup::ConstArrow,
        provider: Provider::Arrow,
        logout: Logout::Plain,
        page: Page::ExportDefaultFunction,
        loader: Loader::Fetch,
        flip_extensions: false,
        use_strict: false,
    };
    let project = prepare(&TYPESCRIPT, &variant, &TYPESCRIPT.originals()).unwrap();
    project.rtgen_ok(&["add", "proposal"]);
    let events = project.read("front/src/admin/services/proposalSocketService.ts");
    assert!(events.contains("\tCREATED: 'proposal:created',\n"), "{events}");
    assert!(events.contains("export type ProposalEventName = 'proposal:created' | "), "{events}");
    assert!(!events.contains("'proposal:deleted';\n"), "a type alias kept its `;`:\n{events}");
    assert!(events.contains("\t\tid: number\n"), "an interface member kept its `;`:\n{events}");
    let page = project.read("front/src/admin/pages/Proposals.tsx");
    assert!(page.contains("import proposalSocketService from '../services/proposalSocketService'\n"), "{page}");
}

/// Regression: `remove --purge` deleted the last spec and the schema but left
/// the `realtime/` folder `add` had created (git does not see it; `ls` does).
#[test]
fn remove_purge_leaves_no_folder_that_add_created() {
    let project = Project::example();
    assert!(!project.exists("realtime"));
    project.rtgen_ok(&["add", "proposal"]);
    project.rtgen_ok(&["remove", "proposal", "--purge"]);
    assert!(!project.exists("realtime"), "`remove --purge` left an empty `realtime/` behind");
}
