"""One package per report section, all alike: ``load(area_dir)``, ``indicators(data, years)``, board tables."""
