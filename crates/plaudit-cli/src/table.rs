//! Aligned text tables, with colour only when asked for (a terminal without `NO_COLOR`).

use std::fmt::Write as _;

/// How a cell is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// No colour.
    Plain,
    /// Green: passes, active, matched.
    Good,
    /// Yellow: a warning, at risk.
    Warn,
    /// Red: excluded, fails.
    Bad,
    /// Bold.
    Strong,
    /// Dim: explanations next to the figures.
    Dim,
}

/// ANSI styling, on or off.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Whether escapes are written.
    pub color: bool,
}

impl Style {
    /// `text` in `tone`.
    pub fn paint(&self, tone: Tone, text: &str) -> String {
        if !self.color || tone == Tone::Plain || text.is_empty() {
            return text.to_owned();
        }
        let code = match tone {
            Tone::Plain => "0",
            Tone::Good => "32",
            Tone::Warn => "33",
            Tone::Bad => "31",
            Tone::Strong => "1",
            Tone::Dim => "2",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }

    /// A section heading.
    pub fn heading(&self, text: &str) -> String {
        self.paint(Tone::Strong, text)
    }

    /// A note explaining the figures above it.
    pub fn dim(&self, text: &str) -> String {
        self.paint(Tone::Dim, text)
    }
}

/// Column alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text.
    Left,
    /// Numbers.
    Right,
}

/// One cell.
#[derive(Debug, Clone)]
pub struct Cell {
    /// The plain text.
    pub text: String,
    /// Its colour.
    pub tone: Tone,
}

impl Cell {
    /// A plain cell.
    pub fn plain(text: impl Into<String>) -> Self {
        Cell {
            text: text.into(),
            tone: Tone::Plain,
        }
    }

    /// A coloured cell.
    pub fn toned(text: impl Into<String>, tone: Tone) -> Self {
        Cell {
            text: text.into(),
            tone,
        }
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::plain(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::plain(s)
    }
}

/// A table: headers, alignments and rows, rendered by comfy-table with columns padded to
/// their widest cell in display columns (a CJK character or an emoji takes two).
#[derive(Debug, Clone, Default)]
pub struct Table {
    headers: Vec<String>,
    aligns: Vec<Align>,
    rows: Vec<Vec<Cell>>,
}

impl Table {
    /// A table with these columns.
    pub fn new(columns: &[(&str, Align)]) -> Self {
        Table {
            headers: columns.iter().map(|(h, _)| (*h).to_owned()).collect(),
            aligns: columns.iter().map(|(_, a)| *a).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row.
    pub fn push(&mut self, row: Vec<Cell>) {
        self.rows.push(row);
    }

    /// The rendered table, each line indented by `indent` spaces, ending with a newline.
    pub fn render(&self, style: Style, indent: usize) -> String {
        let n = self.headers.len();
        let mut t = comfy_table::Table::new();
        // No borders; columns two spaces apart (the right padding), and the last column
        // unpadded so lines end with their text.
        t.load_preset(comfy_table::presets::NOTHING);
        // Cells carry their own colour (see `Style::paint`); comfy-table adds none.
        t.force_no_tty();
        let cell = |c: &Cell| comfy_table::Cell::new(style.paint(c.tone, &c.text));
        t.set_header(
            self.headers
                .iter()
                .map(|h| cell(&Cell::toned(h.clone(), Tone::Strong))),
        );
        for row in &self.rows {
            let blank = Cell::plain("");
            t.add_row((0..n).map(|i| cell(row.get(i).unwrap_or(&blank))));
        }
        for (i, align) in self.aligns.iter().enumerate() {
            if let Some(col) = t.column_mut(i) {
                col.set_padding((0, if i + 1 == n { 0 } else { 2 }));
                col.set_cell_alignment(match align {
                    Align::Left => comfy_table::CellAlignment::Left,
                    Align::Right => comfy_table::CellAlignment::Right,
                });
            }
        }
        let pad = " ".repeat(indent);
        let mut out = String::new();
        for line in t.lines() {
            out.push_str(&pad);
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// `12.5%`.
pub fn percent(x: f64) -> String {
    let mut s = String::new();
    let _ = write!(s, "{:.1}%", x * 100.0);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_columns_to_the_widest_cell() {
        let mut t = Table::new(&[("id", Align::Left), ("score", Align::Right)]);
        t.push(vec!["adv-1".into(), "9.5".into()]);
        t.push(vec!["a".into(), "100.25".into()]);
        assert_eq!(
            t.render(Style { color: false }, 0),
            "id      score\nadv-1     9.5\na      100.25\n"
        );
    }

    #[test]
    fn colour_does_not_change_widths() {
        let mut t = Table::new(&[("state", Align::Left), ("n", Align::Right)]);
        t.push(vec![Cell::toned("active", Tone::Good), "1".into()]);
        let s = t.render(Style { color: true }, 0);
        let plain = t.render(Style { color: false }, 0);
        assert!(s.contains("active") && s.contains('\x1b'), "{s:?}");
        assert_eq!(strip_ansi(&s), plain);
    }

    /// The text without ANSI escape sequences.
    fn strip_ansi(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for d in chars.by_ref() {
                    if d.is_ascii_alphabetic() {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn cjk_and_emoji_cells_align_in_display_columns() {
        let mut t = Table::new(&[("name", Align::Left), ("n", Align::Right)]);
        t.push(vec!["東京の顧客".into(), "1".into()]);
        t.push(vec!["🎉 party".into(), "22".into()]);
        t.push(vec!["plain".into(), "333".into()]);
        let s = t.render(Style { color: false }, 2);
        assert_eq!(
            s,
            "  name          n\n  東京の顧客    1\n  🎉 party     22\n  plain       333\n"
        );
    }

    #[test]
    fn missing_cells_are_blank_and_indent_applies_to_every_line() {
        let mut t = Table::new(&[("a", Align::Left), ("b", Align::Left), ("c", Align::Right)]);
        t.push(vec!["x".into()]);
        assert_eq!(t.render(Style { color: false }, 1), " a  b  c\n x\n");
    }
}
