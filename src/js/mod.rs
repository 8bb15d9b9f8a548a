//! JavaScript and JSX as text: parsing with oxc, the host's code style, and
//! splicing at byte offsets. Nothing here touches the disk.

pub mod ast;
pub mod header;
pub mod literal;
pub mod parse;
pub mod paths;
pub mod same_code;
pub mod splice;
pub mod style;
pub mod tokens;
