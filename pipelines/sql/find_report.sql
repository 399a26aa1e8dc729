-- The current report a reviewer names: by report id, content hash, file name or path.
select report_id, sha256, source_path, agency, report_year
from dim_report
where is_current and $key in (report_id, sha256, source_name, source_path)
