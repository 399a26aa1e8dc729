"""raw files -> Parquet: crawl data/raw/, parse every file, stage reports, sections and cells."""
