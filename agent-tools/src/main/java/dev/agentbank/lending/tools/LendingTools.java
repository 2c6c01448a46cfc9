package dev.agentbank.lending.tools;

import dev.agentbank.identity.Capability;
import dev.agentbank.lending.application.LoanApplicationsService;
import dev.agentbank.lending.application.OfferAcceptances;
import dev.agentbank.lending.application.Referrals;
import dev.agentbank.lending.model.FieldChanges;
import dev.agentbank.lending.model.LoanField;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.money.AmountRules;
import dev.agentbank.shared.text.PlainText;
import dev.agentbank.tools.Effect;
import dev.agentbank.tools.ToolModule;
import dev.agentbank.tools.ToolPolicy;
import dev.agentbank.tools.ToolRefusal;
import dev.agentbank.tools.ToolScope;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Loan applications, issue 11: the products, and drafts a customer fills in over one or several conversations.
 * Thin: amounts are parsed here, every rule lives in {@link LoanApplicationsService} and the lending model.
 */
public final class LendingTools {
    private static final String AMOUNT = "Loan amount as a plain decimal string in the product's currency, e.g. \"12000.00\".";
    private static final String TERM = "Term in whole months, within the product's range, e.g. 48.";
    private static final String PURPOSE = "What the loan is for, in a few words, e.g. \"used car\".";
    private static final String INCOME = "Monthly net income as a plain decimal string, e.g. \"3200.00\".";
    private static final String HOUSING = "Monthly rent or mortgage payment as a plain decimal string; \"0\" if none.";
    private static final String DEBTS = "Monthly payments on other loans and cards as a plain decimal string; \"0\" if none.";
    private static final String EMPLOYMENT = "One of employed, self_employed, retired, student, unemployed.";
    private static final String MONTHS_EMPLOYED = "Whole months in the current work, 0 to 720.";
    private static final String ACCOUNT = "The customer's own checking account to pay the loan into, e.g. AB0000000195.";

    private final ToolScope scope;
    private final LoanApplicationsService applications;
    private final Referrals referrals;
    private final OfferAcceptances acceptances;

    public LendingTools(ToolScope scope, LoanApplicationsService applications, Referrals referrals, OfferAcceptances acceptances) {
        this.scope = scope;
        this.applications = applications;
        this.referrals = referrals;
        this.acceptances = acceptances;
    }

    public static ToolModule module(LoanApplicationsService applications, Referrals referrals, OfferAcceptances acceptances) {
        return ToolModule.of(LendingTools.class, scope -> new LendingTools(scope, applications, referrals, acceptances));
    }

    @Tool(name = "list_loan_products", value = "Lists the loan products: currency, amount and term ranges, rate per risk band and the arrangement fee.")
    @ToolPolicy(requires = Capability.READ_LOANS, effect = Effect.READ, title = "List loan products")
    public LendingViews.ProductList listLoanProducts() {
        return new LendingViews.ProductList(applications.products().stream().map(LendingViews.Product::of).toList());
    }

    @Tool(name = "start_loan_application", value = """
            Starts a loan application draft for a product, saving any fields already known; the rest can be added later \
            with update_loan_application, in this or a later conversation. Customers may omit customer_id; staff must give it. \
            Retrying with the same idempotency_key returns the same draft.""")
    @ToolPolicy(requires = Capability.APPLY_FOR_LOANS, effect = Effect.WRITE, title = "Start loan application")
    public LendingViews.Application startLoanApplication(
            @P("Loan product code from list_loan_products, e.g. personal-loan.") String product,
            @P("A fresh key (for example a UUID) for this application; reuse it only when retrying this call.") String idempotency_key,
            @P(value = "Customer id; omit to mean the signed-in customer.", required = false) Long customer_id,
            @P(value = AMOUNT, required = false) String amount,
            @P(value = TERM, required = false) Integer term_months,
            @P(value = PURPOSE, required = false) String purpose,
            @P(value = INCOME, required = false) String monthly_net_income,
            @P(value = HOUSING, required = false) String monthly_housing_cost,
            @P(value = DEBTS, required = false) String monthly_debt_payments,
            @P(value = EMPLOYMENT, required = false) String employment_status,
            @P(value = MONTHS_EMPLOYED, required = false) Integer months_employed,
            @P(value = ACCOUNT, required = false) String disbursement_account) {
        IdempotencyKey key = new IdempotencyKey(idempotency_key);
        FieldChanges changes = changes(amount, term_months, purpose, monthly_net_income, monthly_housing_cost,
                monthly_debt_payments, employment_status, months_employed, disbursement_account);
        return LendingViews.Application.of(applications.start(scope.principal(), customer_id, product, key, changes));
    }

    @Tool(name = "update_loan_application", value = """
            Saves one or more fields of a loan application draft, all or nothing: if any field is invalid, nothing is \
            saved and the answer names each bad field. Give only the fields to save; saved fields are kept.""")
    @ToolPolicy(requires = Capability.APPLY_FOR_LOANS, effect = Effect.WRITE, title = "Update loan application")
    public LendingViews.Application updateLoanApplication(
            @P("Application id, e.g. LA-7K3M9QX2B4TD.") String application_id,
            @P(value = AMOUNT, required = false) String amount,
            @P(value = TERM, required = false) Integer term_months,
            @P(value = PURPOSE, required = false) String purpose,
            @P(value = INCOME, required = false) String monthly_net_income,
            @P(value = HOUSING, required = false) String monthly_housing_cost,
            @P(value = DEBTS, required = false) String monthly_debt_payments,
            @P(value = EMPLOYMENT, required = false) String employment_status,
            @P(value = MONTHS_EMPLOYED, required = false) Integer months_employed,
            @P(value = ACCOUNT, required = false) String disbursement_account) {
        FieldChanges changes = changes(amount, term_months, purpose, monthly_net_income, monthly_housing_cost,
                monthly_debt_payments, employment_status, months_employed, disbursement_account);
        return LendingViews.Application.of(applications.update(scope.principal(), application_id, changes));
    }

    @Tool(name = "submit_loan_application", value = """
            Submits a complete loan application draft for a credit check. The bank itself asks the customer to consent \
            to the credit check, outside this conversation; nothing you pass can give that consent. Returns status and \
            next_step. When this client cannot ask the customer, consent is awaiting_approval under an approval_id that \
            the customer approves outside this conversation; then call again with the same idempotency_key. Retrying \
            with the same idempotency_key after a submission answers as before without asking the customer again.""")
    @ToolPolicy(requires = Capability.APPLY_FOR_LOANS, effect = Effect.WRITE, title = "Submit loan application")
    public LendingViews.Submission submitLoanApplication(
            @P("Application id, e.g. LA-7K3M9QX2B4TD.") String application_id,
            @P("A fresh key (for example a UUID) for this submission; reuse it only when retrying this call.") String idempotency_key) {
        IdempotencyKey key = new IdempotencyKey(idempotency_key);
        return LendingViews.Submission.of(applications.submit(scope.principal(), application_id, key, scope.context().human()));
    }

    @Tool(name = "get_loan_application", value = """
            Returns a loan application: its status, the fields saved, missing_fields still to ask for, and next_step, \
            what to do next. Use it to resume an application started earlier.""")
    @ToolPolicy(requires = Capability.READ_LOANS, effect = Effect.READ, title = "Get loan application")
    public LendingViews.Application getLoanApplication(@P("Application id, e.g. LA-7K3M9QX2B4TD.") String application_id) {
        return LendingViews.Application.of(applications.get(scope.principal(), application_id));
    }

    @Tool(name = "list_loan_applications", value = "Lists a customer's loan applications, newest first. Customers may omit customer_id; staff must give it.")
    @ToolPolicy(requires = Capability.READ_LOANS, effect = Effect.READ, title = "List loan applications")
    public LendingViews.ApplicationList listLoanApplications(
            @P(value = "Customer id; omit to mean the signed-in customer.", required = false) Long customer_id) {
        var listed = applications.list(scope.principal(), customer_id);
        return new LendingViews.ApplicationList(listed.customerId(),
                listed.applications().stream().map(LendingViews.Application::of).toList());
    }

    @Tool(name = "accept_loan_offer", value = """
            Accepts the offer on an approved loan application and pays the loan out: the amount less the fee into the \
            application's disbursement account, with installments collected from it on their due dates. The bank itself \
            asks the customer to confirm every figure, outside this conversation, whatever the amount; nothing you pass \
            can confirm it. When this client cannot ask the customer, the confirmation is awaiting_approval under an \
            approval_id; once it is approved outside this conversation, call again with the same idempotency_key. \
            Retrying with the same idempotency_key after an acceptance answers as before without asking again.""")
    @ToolPolicy(requires = Capability.APPLY_FOR_LOANS, effect = Effect.MOVES_MONEY, title = "Accept loan offer")
    public LendingViews.Acceptance acceptLoanOffer(
            @P("Application id, e.g. LA-7K3M9QX2B4TD.") String application_id,
            @P("A fresh key (for example a UUID) for this acceptance; reuse it only when retrying this call.") String idempotency_key) {
        IdempotencyKey key = new IdempotencyKey(idempotency_key);
        return LendingViews.Acceptance.of(acceptances.accept(scope.principal(), application_id, key, scope.context().human()));
    }

    @Tool(name = "withdraw_loan_application", value = """
            Withdraws a loan application the customer no longer wants: a draft, one being assessed or referred, or an \
            offer not yet accepted. A withdrawn application cannot continue; the customer can start a new one.""")
    @ToolPolicy(requires = Capability.APPLY_FOR_LOANS, effect = Effect.WRITE, title = "Withdraw loan application")
    public LendingViews.Application withdrawLoanApplication(@P("Application id, e.g. LA-7K3M9QX2B4TD.") String application_id) {
        return LendingViews.Application.of(applications.withdraw(scope.principal(), application_id));
    }

    @Tool(name = "list_referred_loan_applications", value = """
            Loan officers only: lists every loan application underwriting referred to an officer, oldest first, with the \
            reasons it was referred. Decide each with decide_loan_application.""")
    @ToolPolicy(requires = Capability.DECIDE_LOANS, effect = Effect.READ, title = "List referred loan applications")
    public LendingViews.ReferredList listReferredLoanApplications() {
        return new LendingViews.ReferredList(referrals.referred(scope.principal()).stream()
                .map(LendingViews.Application::of).toList());
    }

    @Tool(name = "decide_loan_application", value = """
            Loan officers only: approves or declines a loan application underwriting referred (status referred). \
            An approval offers the amount and term asked for at the risk band underwriting found, within the product's \
            limits; a decline ends the application. The reason is required and is shown to the customer as written.""")
    @ToolPolicy(requires = Capability.DECIDE_LOANS, effect = Effect.WRITE, title = "Decide referred loan application")
    public LendingViews.Application decideLoanApplication(
            @P("Application id, e.g. LA-7K3M9QX2B4TD.") String application_id,
            @P("approve or decline.") String decision,
            @P("Why, in one line of plain text for the customer, at most 500 characters.") String reason) {
        return LendingViews.Application.of(referrals.decide(scope.principal(), application_id, decision, reason));
    }

    /** The fields given, amounts parsed from plain decimal text; every bad amount named in one refusal, nothing saved. */
    private static FieldChanges changes(String amount, Integer termMonths, String purpose, String monthlyNetIncome,
                                        String monthlyHousingCost, String monthlyDebtPayments, String employmentStatus,
                                        Integer monthsEmployed, String disbursementAccount) {
        List<String> problems = new ArrayList<>();
        FieldChanges changes = FieldChanges.none()
                .withAmount(decimal(LoanField.AMOUNT, amount, problems))
                .withTermMonths(termMonths)
                .withPurpose(purpose)
                .withMonthlyNetIncome(decimal(LoanField.MONTHLY_NET_INCOME, monthlyNetIncome, problems))
                .withMonthlyHousingCost(decimal(LoanField.MONTHLY_HOUSING_COST, monthlyHousingCost, problems))
                .withMonthlyDebtPayments(decimal(LoanField.MONTHLY_DEBT_PAYMENTS, monthlyDebtPayments, problems))
                .withEmploymentStatus(employmentStatus)
                .withMonthsEmployed(monthsEmployed)
                .withDisbursementAccount(disbursementAccount);
        if (!problems.isEmpty()) {
            throw new ToolRefusal("Nothing was saved. " + String.join(" ", problems));
        }
        return changes;
    }

    private static BigDecimal decimal(LoanField field, String text, List<String> problems) {
        if (text == null) {
            return null;
        }
        String stripped = text.strip();
        if (!AmountRules.isPlainDecimal(stripped)) {
            problems.add(field.wireName() + " must be a plain decimal number such as 2500.00, got \""
                    + PlainText.oneLine(text, 40) + "\".");
            return null;
        }
        return new BigDecimal(stripped);
    }
}
