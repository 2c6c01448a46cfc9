package dev.agentbank.accounts.model;

public enum AccountStatus { OPEN, FROZEN, CLOSED }
