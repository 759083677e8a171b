//! Writing output files safely: to a temporary file beside the target, then renamed over it, so that a
//! crash or an error never leaves a half-written file and never destroys the previous one.

use std::io::Write;
use std::path::Path;

use crate::error::Failure;

pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    write_atomically_with(path, |w| w.write_all(bytes))
}

/// Like [`write_atomically`], for output produced piece by piece.
pub fn write_atomically_with(
    path: &Path,
    produce: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
) -> Result<(), Failure> {
    write_atomically_to_file(path, |file| {
        let mut buffered = std::io::BufWriter::with_capacity(1 << 20, file);
        produce(&mut buffered)?;
        buffered.flush()
    })
}

/// Like [`write_atomically`], for output that writes itself into the file (at offsets, from several threads).
pub fn write_atomically_to_file(
    path: &Path,
    produce: impl FnOnce(&std::fs::File) -> std::io::Result<()>,
) -> Result<(), Failure> {
    let fail = |what: &str, e: std::io::Error| Failure::other(format!("{}: cannot {what}: {e}", path.display()));
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let temp = tempfile::Builder::new()
        .prefix(".itil-assess-")
        .tempfile_in(dir)
        .map_err(|e| fail("create a temporary file", e))?;
    produce(temp.as_file()).map_err(|e| fail("write", e))?;
    finish(path, temp).map_err(|(what, e)| fail(what, e))
}

/// Give the temporary file ordinary permissions (a temporary file is private, 0600; the result is an ordinary
/// file, like one `>` would create), make it durable, and rename it over the target.
fn finish(path: &Path, temp: tempfile::NamedTempFile) -> Result<(), (&'static str, std::io::Error)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map(|m| m.permissions().mode()).unwrap_or(0o644);
        temp.as_file().set_permissions(std::fs::Permissions::from_mode(mode)).map_err(|e| ("write", e))?;
    }
    temp.as_file().sync_all().map_err(|e| ("write", e))?;
    temp.persist(path).map_err(|e| ("replace", e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("out.json");
        write_atomically(&path, b"one")?;
        write_atomically(&path, b"two")?;
        assert_eq!(std::fs::read(&path)?, b"two");
        assert_eq!(std::fs::read_dir(dir.path())?.count(), 1);
        Ok(())
    }

    #[test]
    fn a_missing_folder_is_an_error_naming_the_file() {
        let err = write_atomically(Path::new("/nonexistent-dir/out.json"), b"x").unwrap_err();
        assert!(err.message.starts_with("/nonexistent-dir/out.json: cannot create a temporary file"), "{err}");
    }
}
