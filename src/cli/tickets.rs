//! `itil-assess tickets`: import ITSM exports, print the KPIs beside their guidance, optionally write the KPI
//! document as JSON (the shape of the reference scripts in `spec/ticket-kpis.md`).

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use crate::error::Failure;
use crate::tickets::{self, Guidance, ImportOptions, Kind, Mapping};

#[derive(Debug, Args)]
pub struct TicketsArgs {
    /// Export files: CSV (comma, semicolon or tab; UTF-8 or Latin-1) or XLSX/XLSM/XLSB/XLS/ODS.
    #[arg(required_unless_present_any = ["print_mapping", "print_guidance"], value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Built-in profile name (servicenow, jira, glpi, itop, otrs, freshservice, volvo-incidents, volvo-problems,
    /// helpdesk, bpic2014) or a mapping TOML file. Default: detected from each file's header.
    #[arg(long, value_name = "NAME|FILE")]
    pub mapping: Option<String>,
    /// Ticket kind to report (default: the mapping's).
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Sheet to read in a workbook (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Reference time for open problem age, ISO 8601 (default: the latest timestamp in the files).
    #[arg(long, value_name = "TS")]
    pub as_of: Option<String>,
    /// Write the KPI document as JSON to this file.
    #[arg(long, value_name = "OUT")]
    pub json: Option<PathBuf>,
    /// Count unreadable dates as missing (reported per column) instead of stopping.
    #[arg(long)]
    pub skip_invalid: bool,
    /// A KPI guidance TOML replacing the shipped questionnaires/kpi-guidance.toml.
    #[arg(long, value_name = "FILE")]
    pub guidance: Option<PathBuf>,
    /// Print a built-in mapping profile as TOML (a starting point for your own) and exit.
    #[arg(long, value_name = "NAME", conflicts_with = "print_guidance")]
    pub print_mapping: Option<String>,
    /// Print the shipped KPI guidance table as TOML and exit.
    #[arg(long)]
    pub print_guidance: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum KindArg {
    Incident,
    Problem,
    Change,
    Request,
}

impl From<KindArg> for Kind {
    fn from(k: KindArg) -> Kind {
        match k {
            KindArg::Incident => Kind::Incident,
            KindArg::Problem => Kind::Problem,
            KindArg::Change => Kind::Change,
            KindArg::Request => Kind::Request,
        }
    }
}

/// A built-in profile name or a mapping file.
pub(crate) fn load_mapping(spec: &str) -> Result<Mapping, Failure> {
    if let Some(m) = Mapping::builtin(spec) {
        return Ok(m);
    }
    let path = Path::new(spec);
    if !path.exists() {
        let names: Vec<&str> = tickets::mapping::BUILTIN.iter().map(|(n, _)| *n).collect();
        return Err(Failure::input(format!(
            "--mapping {spec}: neither a built-in profile ({}) nor an existing file",
            names.join(", ")
        )));
    }
    let text = std::fs::read_to_string(path).map_err(|e| Failure::input(format!("{spec}: cannot read: {e}")))?;
    Mapping::from_toml(&text, spec).map_err(Failure::from)
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn run(args: TicketsArgs) -> Result<(), Failure> {
    if let Some(name) = &args.print_mapping {
        let builtin = tickets::mapping::BUILTIN;
        let Some((_, text)) = builtin.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) else {
            let names: Vec<&str> = builtin.iter().map(|(n, _)| *n).collect();
            return Err(Failure::input(format!(
                "--print-mapping {name}: no such built-in profile ({})",
                names.join(", ")
            )));
        };
        print!("{text}");
        return Ok(());
    }
    if args.print_guidance {
        print!("{}", tickets::guidance::BUILTIN_GUIDANCE);
        return Ok(());
    }
    let mapping = args.mapping.as_deref().map(load_mapping).transpose()?;
    let guidance = match &args.guidance {
        Some(p) => {
            let text =
                std::fs::read_to_string(p).map_err(|e| Failure::input(format!("{}: cannot read: {e}", p.display())))?;
            Guidance::from_toml(&text, &p.display().to_string())?
        }
        None => Guidance::builtin(),
    };
    let options = ImportOptions {
        mapping,
        kind: args.kind.map(Kind::from),
        sheet: args.sheet,
        as_of: args.as_of,
        skip_invalid: args.skip_invalid,
        progress: true,
    };
    let paths: Vec<String> = args.files.iter().map(|p| p.display().to_string()).collect();
    let import = tickets::import(&paths, &options)?;
    for file in &import.files {
        for note in &file.notes {
            eprintln!("{note}");
        }
        if file.skipped_rows > 0 {
            eprintln!("{}: {} without an id skipped", file.path, plural(file.skipped_rows, "row", "rows"));
        }
        for (column, n) in &file.invalid_dates {
            let dates = plural(*n, "unreadable date", "unreadable dates");
            eprintln!("{}: column {column}: {dates} counted as missing", file.path);
        }
    }
    let doc = import.kpis();
    if let Some(out) = &args.json {
        let mut text = doc.to_json();
        text.push('\n');
        crate::output::write_atomically(out, text.as_bytes())?;
    }
    print!("{}", tickets::table::render(&doc, &guidance));
    Ok(())
}
