//! Which parameter of a service method holds the user who acts: the render
//! reads it to leave the actor out of an event, and derivation reads it to
//! write `excludeActor: false` where a method takes none (a spec that asked
//! for the impossible would be refused by rtgen itself).

/// Parameter names that hold the acting user (or its id), most explicit first.
const ACTOR_PARAMS: &[&str] = &[
    "actorId",
    "actor",
    "currentUserId",
    "currentUser",
    "performedBy",
    "requestedBy",
    "updatedBy",
    "deletedBy",
    "createdBy",
    "userId",
    "user",
    "by",
];

/// `adminId`, `salesUserId`, `reviewerId`: an id named after who acts.
fn is_role_actor(param: &str) -> bool {
    const WHO: &[&str] = &[
        "admin", "sales", "reviewer", "approver", "author", "owner", "editor", "manager", "agent", "staff", "employee",
        "member",
    ];
    let lower = param.to_lowercase();
    (lower.ends_with("userid") || lower.ends_with("id")) && WHO.iter().any(|w| lower.starts_with(w))
}

/// The index of the parameter naming the actor: a known actor name, else the
/// one parameter that names who acts by role. A rest parameter is none.
pub fn actor_index(params: &[String]) -> Option<usize> {
    let index = ACTOR_PARAMS.iter().find_map(|name| params.iter().position(|p| p == name)).or_else(|| {
        let by_role: Vec<usize> = (0..params.len()).filter(|&j| is_role_actor(&params[j])).collect();
        (by_role.len() == 1).then(|| by_role[0])
    })?;
    (!params[index].starts_with("...")).then_some(index)
}
