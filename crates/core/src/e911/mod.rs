//! E911: the dispatchable address a number gives emergency services (RAY
//! BAUM's Act), how addresses are validated against the geography, and the
//! orders that attach them to numbers. The facts are in `docs/e911.md`.

pub mod geocode;
pub mod order;
pub mod street;
