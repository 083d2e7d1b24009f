"""Test helpers: paths, fixture plans and annotations, the corruption simulator."""
