package dev.agentbank.chat;

import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.Principal;
import dev.agentbank.tools.BankTool;
import dev.agentbank.tools.ToolBox;
import dev.agentbank.tools.ToolResult;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ToolBox as LangChain4j tools for one principal: each executor calls {@link ToolBox#call}, so the chat gets
 * the same definitions, principal checks, argument checks, confirmation gate and audit record as MCP.
 */
final class ChatTools {
    private final ToolBox toolBox;
    private final Principal principal;
    private final CallContext context;
    private final ToolListener listener;

    ChatTools(ToolBox toolBox, Principal principal, CallContext context, ToolListener listener) {
        this.toolBox = toolBox;
        this.principal = principal;
        this.context = context;
        this.listener = listener;
    }

    /** Only the tools this principal may use are offered to the model. */
    Map<ToolSpecification, ToolExecutor> executors() {
        Map<ToolSpecification, ToolExecutor> executors = new LinkedHashMap<>();
        for (BankTool tool : toolBox.visibleTo(principal)) {
            executors.put(tool.specification(), new Executor());
        }
        return executors;
    }

    /**
     * A call to a tool the model was not offered (made up, or not allowed for this principal): the ToolBox answers
     * it like any other refused call, listing the tools that exist, and audits it.
     */
    ToolExecutionResultMessage answerUnknownTool(ToolExecutionRequest request) {
        return ToolExecutionResultMessage.from(request, run(request).text());
    }

    private ToolResult run(ToolExecutionRequest request) {
        String name = request.name() == null ? "" : request.name();
        listener.starting(name);
        ToolResult result = toolBox.call(principal, context, name, request.arguments());
        listener.finished(new ToolRun(name, request.arguments(), result.isError(), result.text()));
        return result;
    }

    private final class Executor implements ToolExecutor {
        @Override
        public String execute(ToolExecutionRequest request, Object memoryId) {
            return run(request).text();
        }

        @Override
        public ToolExecutionResult executeWithContext(ToolExecutionRequest request, InvocationContext invocationContext) {
            ToolResult result = run(request);
            return ToolExecutionResult.builder()
                    .isError(result.isError())
                    .result(result.structured())
                    .resultText(result.text())
                    .build();
        }
    }
}
