package dev.agentbank.tools;

import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.Principal;

/** Who is calling a tool and from where. Services come through each tool's constructor, never from here. */
public record ToolScope(Principal principal, CallContext context) {}
