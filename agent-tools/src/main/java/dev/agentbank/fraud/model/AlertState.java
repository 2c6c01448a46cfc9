package dev.agentbank.fraud.model;

/** NEW → IN_REVIEW (assigned) → ESCALATED or CLOSED; ESCALATED → CLOSED. A closed alert stays closed. */
public enum AlertState { NEW, IN_REVIEW, ESCALATED, CLOSED }
