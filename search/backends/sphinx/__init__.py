"""The Sphinx backend: documents on a SphinxQL cluster of searchd nodes (Sphinx 2.2,
Manticore Search), shards and a coordinator.

schema.py lays documents out as keywords and attributes, translate.py turns a query
into SphinxQL, writer.py writes rows to the shards, backend.py is the Backend
interface on the cluster, local.py starts a cluster of local searchd processes.
"""
