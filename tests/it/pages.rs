//! The page is optional: when rtgen cannot prove where a page's list lives,
//! `add` writes everything else, exits 0 and prints the lines to paste; pasted
//! word for word, they wire the page and the warning is gone. `page: none`
//! says there is no page, `page: <file>` names one; `check` and `remove`
//! handle both.

use crate::support::*;

const PAGE: &str = "front/src/admin/pages/Proposals.jsx";

/// A page whose list lives in a child component: no list state, no loader.
const CHILD_LIST_PAGE: &str = "import { useState } from \"react\";\n\
import ProposalTable from \"../components/ProposalTable\";\n\
\n\
export default function Proposals() {\n\
\x20 const [filter, setFilter] = useState(\"\");\n\
\x20 return (\n\
\x20   <section>\n\
\x20     <input value={filter} onChange={(event) => setFilter(event.target.value)} />\n\
\x20     <ProposalTable filter={filter} />\n\
\x20   </section>\n\
\x20 );\n\
}\n";

fn child_list_front() -> Project {
    let project = Project::example();
    project.write(PAGE, CHILD_LIST_PAGE);
    project.write(
        "front/src/admin/components/ProposalTable.jsx",
        "export default function ProposalTable({ filter }) {\n  return <table data-filter={filter} />;\n}\n",
    );
    project
}

/// The lines the warning says to paste, split into the imports and the effect.
fn pasted_lines(stderr: &str) -> (String, String) {
    let block: Vec<&str> = stderr
        .lines()
        .skip_while(|l| !l.contains("to follow them live, add to"))
        .skip(1)
        .take_while(|l| !l.starts_with("  or write `page: none`"))
        .collect();
    assert!(!block.is_empty(), "no lines to paste in:\n{stderr}");
    let text: String = block.iter().map(|l| format!("{}\n", l.strip_prefix("    ").unwrap_or(l))).collect();
    let (imports, effect) = text.split_once("\n// in the page component").expect("imports, then the effect");
    let effect = effect.split_once('\n').expect("the comment's line ends").1;
    (imports.to_string(), effect.to_string())
}

#[test]
fn a_page_rtgen_cannot_wire_is_left_alone_with_the_lines_to_paste_and_pasting_them_wires_it() {
    let project = child_list_front();
    let run = project.rtgen_ok(&["add", "proposal"]);
    // Everything else is written; the page is untouched.
    assert!(project.exists("front/src/admin/services/proposalSocketService.js"));
    assert!(project.read("front/src/admin/contexts/AuthContext.jsx").contains("proposalSocketService"));
    assert_eq!(project.read(PAGE), CHILD_LIST_PAGE);
    // The warning names the page and what it found there, and the way out.
    assert!(run.stderr.contains("warning: the `proposal` page was not wired: "), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("`{PAGE}:4:")), "{}", run.stderr);
    assert!(run.stderr.contains("found `setFilter`"), "{}", run.stderr);
    // A filter is no list: the warning does not send the user to `page.setter`.
    assert!(!run.stderr.contains("page.setter"), "{}", run.stderr);
    assert!(run.stderr.contains("or write `page: none` in `realtime/proposal.yaml`"), "{}", run.stderr);
    // `check` agrees: nothing drifted; the warning stays until the page is wired.
    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "{}", check.report(&project));
    assert!(check.stderr.contains("the `proposal` page was not wired"), "{}", check.stderr);

    // Paste the lines word for word: the imports after the page's, the effect atop the component.
    let (imports, effect) = pasted_lines(&run.stderr);
    assert!(imports.contains("import proposalSocketService from \"../services/proposalSocketService\";"), "{imports}");
    let effect = effect.lines().map(|l| format!("  {l}\n")).collect::<String>();
    let pasted = CHILD_LIST_PAGE
        .replacen("\n\nexport default", &format!("\n{}\nexport default", imports.trim_end_matches('\n')), 1)
        .replacen("useState(\"\");\n", &format!("useState(\"\");\n{effect}"), 1);
    project.write(PAGE, &pasted);

    // The next run goes further: no warning, nothing to change, `check` clean.
    let again = project.rtgen_ok(&["add", "proposal"]);
    assert!(!again.stderr.contains("was not wired"), "the hint repeats itself:\n{}", again.stderr);
    assert_eq!(project.read(PAGE), pasted);
    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "{}", check.report(&project));
    assert!(!check.stderr.contains("was not wired"), "{}", check.stderr);

    // `remove` takes the pasted lines out with the module.
    project.rtgen_ok(&["remove", "proposal"]);
    let removed = project.read(PAGE);
    assert!(!removed.contains("proposalSocketService"), "{removed}");
    assert!(!removed.contains("useEffect"), "{removed}");
}

#[test]
fn page_none_wires_no_page_and_says_nothing() {
    let project = child_list_front();
    project.rtgen_ok(&["add", "proposal"]);
    let spec = project.read("realtime/proposal.yaml");
    project.write("realtime/proposal.yaml", &format!("{spec}page: none\n"));
    let run = project.rtgen_ok(&["add", "proposal"]);
    assert!(!run.stderr.contains("was not wired"), "{}", run.stderr);
    assert_eq!(project.read(PAGE), CHILD_LIST_PAGE);
    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "{}", check.report(&project));
    assert!(check.stderr.is_empty(), "{}", check.stderr);
    project.rtgen_ok(&["remove", "proposal"]);
    assert_eq!(project.read(PAGE), CHILD_LIST_PAGE);
}

/// `page: <file>` names the page; the example's own page is wired there,
/// exactly reversibly.
#[test]
fn page_file_names_the_page_to_wire() {
    let project = Project::example();
    let original = project.read(PAGE);
    project.remove(PAGE);
    project.write("front/src/admin/pages/Offers.jsx", &original);
    project.write("front/src/admin/pages/Drafts.jsx", &original);
    // Two pages hold the list: rtgen cannot tell which, so it wires none and says so.
    let run = project.rtgen_ok(&["add", "proposal"]);
    assert!(run.stderr.contains("several pages hold `setProposals`"), "{}", run.stderr);
    let spec = project.read("realtime/proposal.yaml");
    project.write("realtime/proposal.yaml", &format!("{spec}page: Offers.jsx\n"));
    let run = project.rtgen_ok(&["add", "proposal"]);
    assert!(!run.stderr.contains("was not wired"), "{}", run.stderr);
    assert!(project.read("front/src/admin/pages/Offers.jsx").contains("proposalSocketService.subscribe"));
    assert_eq!(project.read("front/src/admin/pages/Drafts.jsx"), original);
    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "{}", check.report(&project));
    project.rtgen_ok(&["remove", "proposal"]);
    assert_eq!(project.read("front/src/admin/pages/Offers.jsx"), original);

    // A named page that does not exist is bad input.
    project.write("realtime/proposal.yaml", &format!("{spec}page: Missing.jsx\n"));
    let run = project.rtgen(&["add", "proposal"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains("Missing.jsx"), "{}", run.stderr);
}

/// The page under its expected name in a folder of the pages folder
/// (`pages/proposals/Proposals.jsx`): wired there, and `remove` finds it there too.
#[test]
fn a_page_in_a_feature_folder_is_wired_and_removed() {
    let project = Project::example();
    let original = project.read(PAGE);
    project.remove(PAGE);
    let nested = "front/src/admin/pages/proposals/Proposals.jsx";
    project.write(nested, &original.replace("from \"../", "from \"../../"));
    let before = project.files();
    let run = project.rtgen_ok(&["add", "proposal"]);
    assert!(!run.stderr.contains("was not wired"), "{}", run.stderr);
    let page = project.read(nested);
    assert!(page.contains("import proposalSocketService from \"../../services/proposalSocketService\";"), "{page}");
    assert!(page.contains("proposalSocketService.subscribe("), "{page}");
    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "{}", check.report(&project));
    project.rtgen_ok(&["remove", "proposal", "--purge"]);
    let after = project.files();
    assert_eq!(after, before, "remove did not restore: {:?}", changed_files(&after, &before));
}
