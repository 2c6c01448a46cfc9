package dev.agentbank.fraud.model;

/** How a closed alert ended. */
public enum Resolution { CONFIRMED_FRAUD, FALSE_POSITIVE, NO_ACTION }
