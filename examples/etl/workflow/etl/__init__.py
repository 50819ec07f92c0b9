"""An ETL example: extract orders, transform them two ways, load a report."""
