package dev.agentbank.accounts;

public enum AccountStatus { OPEN, FROZEN, CLOSED }
