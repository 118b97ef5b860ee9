"""Results store and protocol state: async models, engine lifecycle, repositories, migrations."""
