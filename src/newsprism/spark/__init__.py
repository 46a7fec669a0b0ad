"""The pipeline on Apache Spark: the same stage functions, called per partition (``newsprism spark``)."""
