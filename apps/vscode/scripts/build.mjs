// Placeholder until the extension lands.
