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
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }

    /// A section heading.
    pub fn heading(&self, text: &str) -> String {
        self.paint(Tone::Strong, text)
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

/// A table: headers, alignments and rows, rendered with columns padded to their widest cell.
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
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (i, c) in row.iter().enumerate().take(n) {
                widths[i] = widths[i].max(c.text.chars().count());
            }
        }
        let mut out = String::new();
        let pad = " ".repeat(indent);
        let line = |out: &mut String, cells: &[Cell]| {
            out.push_str(&pad);
            let mut parts = Vec::with_capacity(n);
            for (i, (w, align)) in widths.iter().zip(&self.aligns).enumerate() {
                let c = cells.get(i).cloned().unwrap_or_else(|| Cell::plain(""));
                let fill = " ".repeat(w.saturating_sub(c.text.chars().count()));
                let text = style.paint(c.tone, &c.text);
                let last = i + 1 == n;
                parts.push(match align {
                    Align::Right => format!("{fill}{text}"),
                    Align::Left if last => text,
                    Align::Left => format!("{text}{fill}"),
                });
            }
            out.push_str(parts.join("  ").trim_end());
            out.push('\n');
        };
        let headers: Vec<Cell> = self
            .headers
            .iter()
            .map(|h| Cell::toned(h.clone(), Tone::Strong))
            .collect();
        line(&mut out, &headers);
        for row in &self.rows {
            line(&mut out, row);
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
        assert!(s.contains("\x1b[32mactive\x1b[0m  1"));
    }
}
