//! `itil-assess templates export DIR`: write the built-in report templates out for editing.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::error::Failure;

#[derive(Debug, Args)]
pub struct TemplatesArgs {
    #[command(subcommand)]
    pub command: TemplatesCommand,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Write the default report templates into DIR; edit them and pass `report --templates DIR`.
    Export {
        dir: PathBuf,
        /// Overwrite files that already exist.
        #[arg(long)]
        force: bool,
    },
}

pub fn run(args: TemplatesArgs) -> Result<(), Failure> {
    match args.command {
        TemplatesCommand::Export { dir, force } => {
            let written = crate::report::export_templates(&dir, force)?;
            println!("wrote {} templates to {}", written.len(), dir.display());
            Ok(())
        }
    }
}
