"""Where page images come from: files, a watched folder, cameras, network and driver scanners."""
