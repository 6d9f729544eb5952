//! Charts drawn on the server as SVG: no script, no library, readable
//! without colour (every bar is labelled with its value) and by a screen
//! reader (each chart has a title and its data is also given as text).

use maud::{Markup, html};

/// A horizontal bar chart of labelled counts.
pub fn bars(title: &str, items: &[(String, u64)]) -> Markup {
    const ROW: u64 = 24;
    const LABEL: u64 = 150;
    const WIDTH: u64 = 320;
    let max = items.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let height = ROW * items.len().max(1) as u64;
    html! {
        figure class="chart" {
            svg role="img" aria-label=(title) viewBox={ "0 0 " (LABEL + WIDTH + 70) " " (height) }
                width="100%" preserveAspectRatio="xMinYMin meet" {
                title { (title) }
                @for (i, (label, n)) in items.iter().enumerate() {
                    @let y = i as u64 * ROW;
                    @let w = (n * WIDTH / max).max(u64::from(*n > 0) * 2);
                    text x=(LABEL - 8) y=(y + 16) text-anchor="end" { (label) }
                    rect x=(LABEL) y=(y + 4) width=(w) height=(ROW - 8) class="bar" {}
                    text x=(LABEL + w + 6) y=(y + 16) { (n) }
                }
            }
            figcaption { (title) }
        }
    }
}

/// A column chart of counts over consecutive periods (oldest first),
/// each column stacked by the part of the count that went well (`ok`),
/// badly (`bad`) and is still under way.
pub fn columns(title: &str, items: &[(String, [u64; 3])]) -> Markup {
    const COL: u64 = 28;
    const HEIGHT: u64 = 120;
    let max = items
        .iter()
        .map(|(_, p)| p.iter().sum::<u64>())
        .max()
        .unwrap_or(0)
        .max(1);
    let width = COL * items.len().max(1) as u64;
    html! {
        figure class="chart" {
            svg role="img" aria-label=(title) viewBox={ "0 0 " (width) " " (HEIGHT + 34) }
                width="100%" preserveAspectRatio="xMinYMin meet" {
                title { (title) }
                @for (i, (label, parts)) in items.iter().enumerate() {
                    @let x = i as u64 * COL;
                    @let total: u64 = parts.iter().sum();
                    @let (rects, top) = stack(parts, max, HEIGHT);
                    @for (y, h, class, part) in rects {
                        rect x=(x + 4) y=(y) width=(COL - 8) height=(h) class={ "bar " (class) } {
                            title { (label) ": " (part) " " (class) }
                        }
                    }
                    text x=(x + COL / 2) y=(top.saturating_sub(3).max(9)) text-anchor="middle" class="small" { (total) }
                    text x=(x + COL / 2) y=(HEIGHT + 14) text-anchor="middle" class="small" { (label) }
                }
            }
            figcaption { (title) " (green: complete, red: failed, grey: under way)" }
        }
    }
}

/// The rectangles of one stacked column (y, height, class, value), bottom
/// up, and the column's top.
fn stack(parts: &[u64; 3], max: u64, height: u64) -> (Vec<(u64, u64, &'static str, u64)>, u64) {
    let mut top = height;
    let mut rects = Vec::new();
    for (part, class) in parts.iter().zip(["ok", "bad", "wait"]) {
        let h = part * height / max;
        top -= h;
        if h > 0 {
            rects.push((top, h, class, *part));
        }
    }
    (rects, top)
}
