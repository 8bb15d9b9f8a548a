//! The host's file-name patterns, read from its files: the shape its
//! service and controller files agree on (`taskService.js` ->
//! `{module}Service`, `task.service.js` -> `{module}.service`,
//! `work-order.service.js` -> `{module:kebab}.service`, `tasks.controller.js`
//! -> `{modules}.controller`), and its pages' (`Tasks.jsx` -> `{Modules}.jsx`).
//! Files that disagree, or none, give no pattern: the caller keeps the
//! default and says so.

use std::path::{Path, PathBuf};

use anyhow::Result;
use heck::ToLowerCamelCase;

use crate::read::host::Host;
use crate::read::names::pluralize;

/// What one folder's files say about their names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// The files agree on `pattern`: every one of them, or all but a few
    /// whose names differ only in number (`auth.controller.js` beside
    /// `tasks.controller.js`, `projects.controller.js`), listed in `odd`.
    Agreed { pattern: String, files: Vec<PathBuf>, odd: Vec<PathBuf> },
    /// The files disagree: each file and the pattern it alone would give.
    Disagree(Vec<(PathBuf, String)>),
    /// No file of the kind in the folder.
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    /// One lowercase word: fits `{module}`, `:kebab` and `:snake` alike.
    Lower,
    Camel,
    Pascal,
    Kebab,
    Snake,
}

/// One file's name, taken apart: the module part's case and number, and the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shape {
    case: Case,
    plural: bool,
    /// The text after the module part (`.service`, `Service`, `Page.jsx`).
    affix: String,
    /// The module part in camelCase, singular.
    word: String,
}

impl Shape {
    fn pattern(&self) -> String {
        let placeholder = match (self.case, self.plural) {
            (Case::Lower | Case::Camel, false) => "{module}",
            (Case::Lower | Case::Camel, true) => "{modules}",
            (Case::Pascal, false) => "{Module}",
            (Case::Pascal, true) => "{Modules}",
            (Case::Kebab, false) => "{module:kebab}",
            (Case::Kebab, true) => "{modules:kebab}",
            (Case::Snake, false) => "{module:snake}",
            (Case::Snake, true) => "{modules:snake}",
        };
        format!("{placeholder}{}", self.affix)
    }
}

/// The service files' pattern in `dir` (names ending in `service`), and the
/// module words they name, for reading the other folders' numbers.
pub fn read_services(host: &Host, dir: &Path) -> Result<(Reading, Vec<String>)> {
    let shapes = shapes(host, dir, |stem| role_shape(stem, "service", &[]))?;
    let words = shapes.iter().map(|(_, s)| s.word.clone()).collect();
    Ok((agree(shapes), words))
}

/// The controller files' pattern in `dir`; `words` are the modules the
/// services name (files of other names, `auth.controller.js`, do not count).
pub fn read_controllers(host: &Host, dir: &Path, words: &[String]) -> Result<Reading> {
    Ok(agree(shapes(host, dir, |stem| role_shape(stem, "controller", words))?))
}

/// The pages' pattern in `dir`: PascalCase components, with or without a
/// `Page` suffix; with `words`, only the pages of those modules count
/// (`Login.jsx` does not).
pub fn read_pages(host: &Host, dir: &Path, words: &[String]) -> Result<Reading> {
    let shapes = shapes(host, dir, |name| {
        let (stem, ext) = name.rsplit_once('.')?;
        if !matches!(ext, "jsx" | "js" | "tsx") || !stem.starts_with(|c: char| c.is_ascii_uppercase()) {
            return None;
        }
        let (part, affix) = match stem.strip_suffix("Page") {
            Some(part) if !part.is_empty() => (part, "Page"),
            _ => (stem, ""),
        };
        module_shape(part, &format!("{affix}.{ext}"), words)
    })?;
    Ok(agree(shapes))
}

/// The shapes of the script files in `dir` that `shape` takes apart;
/// files rtgen generated are not the host's naming.
fn shapes(host: &Host, dir: &Path, shape: impl Fn(&str) -> Option<Shape>) -> Result<Vec<(PathBuf, Shape)>> {
    let mut found = Vec::new();
    for ext in [".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts"] {
        for file in host.list(dir, ext)? {
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let text = host.read(&file)?.unwrap_or_default();
            if crate::js::header::inspect(&text) != crate::js::header::HeaderState::NotGenerated {
                continue;
            }
            if let Some(s) = shape(&name) {
                found.push((file, s));
            }
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found)
}

/// `task.service.js` -> module part `task`, affix `.service`: the role word
/// must end the stem, after a separator or as a capitalised word.
fn role_shape(name: &str, role: &str, words: &[String]) -> Option<Shape> {
    let (stem, ext) = name.rsplit_once('.')?;
    if !matches!(ext, "js" | "mjs" | "cjs" | "ts" | "mts" | "cts") || stem.ends_with(".d") {
        return None;
    }
    if stem.len() <= role.len() || !stem.to_ascii_lowercase().ends_with(role) {
        return None;
    }
    let at = stem.len() - role.len();
    let written = &stem[at..];
    let before = stem[..at].chars().last()?;
    let (part, affix) = if matches!(before, '.' | '-' | '_') {
        (&stem[..at - 1], format!("{before}{written}"))
    } else if written.starts_with(|c: char| c.is_ascii_uppercase()) {
        (&stem[..at], written.to_string())
    } else {
        return None;
    };
    module_shape(part, &affix, words)
}

/// The case and number of a file's module part; with `words`, a part that
/// is none of them, singular or plural, is not a module's file.
fn module_shape(part: &str, affix: &str, words: &[String]) -> Option<Shape> {
    if part.is_empty() || !part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return None;
    }
    let case = if part.contains('-') {
        Case::Kebab
    } else if part.contains('_') {
        Case::Snake
    } else if part.starts_with(|c: char| c.is_ascii_uppercase()) {
        Case::Pascal
    } else if part.chars().any(|c| c.is_ascii_uppercase()) {
        Case::Camel
    } else {
        Case::Lower
    };
    let camel = part.to_lower_camel_case();
    let (word, plural) = if words.is_empty() {
        match singular(&camel) {
            Some(one) => (one, true),
            None => (camel, false),
        }
    } else if words.contains(&camel) {
        (camel, false)
    } else {
        (words.iter().find(|w| pluralize(w) == camel)?.clone(), true)
    };
    Some(Shape { case, plural, affix: affix.to_string(), word })
}

/// The singular of a word that looks like a regular plural (`tasks`,
/// `inquiries`); none for a word that does not (`task`, `status`, `address`).
fn singular(word: &str) -> Option<String> {
    if word.ends_with("ss") || word.ends_with("us") || word.ends_with("is") || !word.ends_with('s') {
        return None;
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return Some(format!("{stem}y"));
    }
    Some(word[..word.len() - 1].to_string())
}

/// The one pattern the shapes agree on: one affix, one number, and cases
/// that fit one placeholder (a one-word name fits any lowercase one). Names
/// that differ only in number go with the clear majority: `auth` is no
/// plural, yet beside four plural controllers it is the odd one, not a
/// second convention.
fn agree(shapes: Vec<(PathBuf, Shape)>) -> Reading {
    let Some((_, first)) = shapes.first() else { return Reading::None };
    let mut case = first.case;
    let mut same = true;
    for (_, shape) in &shapes {
        if shape.affix != first.affix {
            same = false;
        }
        match (case, shape.case) {
            (a, b) if a == b => {}
            (Case::Lower, b) if b != Case::Pascal => case = b,
            (a, Case::Lower) if a != Case::Pascal => {}
            _ => same = false,
        }
    }
    let plurals = shapes.iter().filter(|(_, s)| s.plural).count();
    let plural = match (plurals, shapes.len() - plurals) {
        (p, s) if p > s => true,
        (p, s) if s > p => false,
        _ => {
            same = false;
            first.plural
        }
    };
    if !same {
        return Reading::Disagree(shapes.into_iter().map(|(file, shape)| (file, shape.pattern())).collect());
    }
    let pattern = Shape { case, plural, ..first.clone() }.pattern();
    let (files, odd) = shapes.into_iter().partition::<Vec<_>, _>(|(_, s)| s.plural == plural);
    Reading::Agreed {
        pattern,
        files: files.into_iter().map(|(file, _)| file).collect(),
        odd: odd.into_iter().map(|(file, _)| file).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(files: &[&str]) -> (tempfile::TempDir, Host) {
        let dir = tempfile::tempdir().unwrap();
        for path in files {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, "export default {};\n").unwrap();
        }
        let host = Host::new(dir.path());
        (dir, host)
    }

    fn pattern(reading: &Reading) -> Option<&str> {
        match reading {
            Reading::Agreed { pattern, .. } => Some(pattern),
            _ => None,
        }
    }

    #[test]
    fn agreeing_files_give_their_pattern() {
        let (_d, h) = host(&[
            "s/task.service.js",
            "s/work-order.service.js",
            "s/index.js",
            "c/tasks.controller.js",
            "c/work-orders.controller.js",
            "c/auth.controller.js",
            "p/Tasks.jsx",
            "p/WorkOrders.jsx",
            "p/Login.jsx",
        ]);
        let (services, words) = read_services(&h, Path::new("s")).unwrap();
        assert_eq!(pattern(&services), Some("{module:kebab}.service"));
        assert_eq!(words, ["task", "workOrder"]);
        let controllers = read_controllers(&h, Path::new("c"), &words).unwrap();
        assert_eq!(pattern(&controllers), Some("{modules:kebab}.controller"));
        assert_eq!(pattern(&read_pages(&h, Path::new("p"), &words).unwrap()), Some("{Modules}.jsx"));
    }

    #[test]
    fn camel_and_pascal_names() {
        let (_d, h) =
            host(&["s/taskService.js", "s/workOrderService.js", "s/TicketService.js", "c/ProjectController.js"]);
        let (services, _) = read_services(&h, Path::new("s")).unwrap();
        assert!(matches!(services, Reading::Disagree(ref d) if d.len() == 3), "{services:?}");
        let (_d, h) = host(&["s/taskService.js", "s/workOrderService.js", "p/TaskPage.jsx"]);
        assert_eq!(pattern(&read_services(&h, Path::new("s")).unwrap().0), Some("{module}Service"));
        let words = vec!["task".to_string()];
        assert_eq!(pattern(&read_pages(&h, Path::new("p"), &words).unwrap()), Some("{Module}Page.jsx"));
    }

    #[test]
    fn disagreeing_or_no_files_give_none() {
        let (_d, h) = host(&["s/taskService.js", "s/user.service.js", "c/tasks.controller.js", "c/user.controller.js"]);
        let (services, words) = read_services(&h, Path::new("s")).unwrap();
        let Reading::Disagree(files) = services else { panic!("{services:?}") };
        assert_eq!(files[0].1, "{module}Service");
        assert_eq!(files[1].1, "{module}.service");
        assert!(matches!(read_controllers(&h, Path::new("c"), &words).unwrap(), Reading::Disagree(_)));
        assert_eq!(read_controllers(&h, Path::new("none"), &words).unwrap(), Reading::None);
        // Without services to compare with, a plural-looking name is plural.
        let (_d, h) = host(&["c/vehicles.controller.js", "c/jobs.controller.js"]);
        assert_eq!(pattern(&read_controllers(&h, Path::new("c"), &[]).unwrap()), Some("{modules}.controller"));
    }

    #[test]
    fn typescript_and_commonjs_files_are_read_too() {
        let (_d, h) = host(&[
            "s/ticket-crud.service.ts",
            "s/user-crud.service.ts",
            "s/types.d.ts",
            "c/tickets.controller.cjs",
            "c/users.controller.cjs",
            "p/Tickets.tsx",
            "p/Users.tsx",
            "p/Login.tsx",
        ]);
        let (services, words) = read_services(&h, Path::new("s")).unwrap();
        assert_eq!(pattern(&services), Some("{module:kebab}.service"), "{services:?}");
        assert_eq!(words, vec!["ticketCrud".to_string(), "userCrud".to_string()]);
        let (_d, h) = host(&["c/tickets.controller.cjs", "c/users.controller.ts", "p/Tickets.tsx", "p/Users.tsx"]);
        assert_eq!(pattern(&read_controllers(&h, Path::new("c"), &[]).unwrap()), Some("{modules}.controller"));
        assert_eq!(pattern(&read_pages(&h, Path::new("p"), &[]).unwrap()), Some("{Modules}.tsx"));
    }

    #[test]
    fn a_name_that_differs_only_in_number_goes_with_the_clear_majority() {
        let (_d, h) = host(&[
            "c/auth.controller.js",
            "c/projects.controller.js",
            "c/sprints.controller.js",
            "c/tasks.controller.js",
        ]);
        let Reading::Agreed { pattern, files, odd } = read_controllers(&h, Path::new("c"), &[]).unwrap() else {
            panic!("no majority")
        };
        assert_eq!(pattern, "{modules}.controller");
        assert_eq!(files.len(), 3);
        assert_eq!(odd, vec![PathBuf::from("c/auth.controller.js")]);
        // One against one is no majority; nor is a different affix, however few.
        let (_d, h) = host(&["c/auth.controller.js", "c/tasks.controller.js"]);
        assert!(matches!(read_controllers(&h, Path::new("c"), &[]).unwrap(), Reading::Disagree(_)));
        let (_d, h) = host(&["c/authController.js", "c/projects.controller.js", "c/tasks.controller.js"]);
        assert!(matches!(read_controllers(&h, Path::new("c"), &[]).unwrap(), Reading::Disagree(_)));
    }
}
