// The binding engine lives here (see Binding.swift and friends).
