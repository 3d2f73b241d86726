"""The work plan's REST API: public published plans, and the confidential work for signed-in clients."""
