//! Turning command-line paths into source files.

use std::io::Read;
use std::path::{Path, PathBuf};

/// One input: its display name and its bytes.
pub(crate) struct Input {
    pub(crate) name: String,
    pub(crate) bytes: Vec<u8>,
}

/// Reads every input named by `paths`: files, directories (every `*.yaml` and `*.yml` under
/// them, recursively, in sorted order) and `-` for standard input.
pub(crate) fn read_inputs(paths: &[PathBuf]) -> Result<Vec<Input>, String> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|error| format!("cannot read standard input: {error}"))?;
            inputs.push(Input { name: "<stdin>".to_owned(), bytes });
            continue;
        }
        let metadata = std::fs::metadata(path)
            .map_err(|error| format!("cannot read `{}`: {}", path.display(), describe(&error)))?;
        if metadata.is_dir() {
            let mut files = Vec::new();
            collect_yaml_files(path, &mut files)?;
            if files.is_empty() {
                return Err(format!("no *.yaml or *.yml files under `{}`", path.display()));
            }
            for file in files {
                inputs.push(read_file(&file)?);
            }
        } else {
            inputs.push(read_file(path)?);
        }
    }
    Ok(inputs)
}

fn read_file(path: &Path) -> Result<Input, String> {
    let bytes = std::fs::read(path)
        .map_err(|error| format!("cannot read `{}`: {}", path.display(), describe(&error)))?;
    Ok(Input { name: path.display().to_string(), bytes })
}

fn collect_yaml_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|error| format!("cannot read `{}`: {}", dir.display(), describe(&error)))?;
    let mut paths: Vec<PathBuf> =
        entries.filter_map(Result::ok).map(|entry| entry.path()).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect_yaml_files(&path, out)?;
        } else if path.extension().is_some_and(|ext| ext == "yaml" || ext == "yml") {
            out.push(path);
        }
    }
    Ok(())
}

fn describe(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string(),
    }
}
