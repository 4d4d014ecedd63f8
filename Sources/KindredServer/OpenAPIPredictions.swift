import Foundation
import KindredCore

/// The predictions part of the OpenAPI document: model fits, per-donor predictions and ask ladders, settings.
enum OpenAPIPredictions {
    typealias S = SchemaBuilder
    typealias D = OpenAPIDocument

    private static let number = S.type("number")
    private static let share = S.type("number", ["minimum": 0, "maximum": 1])
    private static let year = S.type("integer", ["minimum": 1900, "maximum": 2200])
    private static let fitRequest: [S.Property] = [
        ("model", S.oneOf(RepeatGivingModel.self), true), ("cohortYear", year, false), ("lastYear", year, false),
        ("calibrationEnd", S.date, false), ("currency", S.currency, false)]

    /// The schemas.
    static let schemas: [String: JSONValue] = [
        "ModelFitRequest": S.input(fitRequest, required: ["model"]),
        "ModelFit": S.object([
            ("id", S.identifier, true), ("model", S.oneOf(RepeatGivingModel.self), true),
            ("parameters", S.type("object", ["additionalProperties": number]), true), ("donors", S.integer, true),
            ("logLikelihood", number, false), ("iterations", S.integer, true), ("seconds", number, true),
            ("data", S.object(fitRequest), true),
            ("fittedAt", S.dateTime, true), ("forPredictions", S.boolean, true)]),
        "PredictionRefresh": S.object([
            ("asOf", S.date, true), ("transactionsFit", S.ref("ModelFit"), true), ("valueFit", S.ref("ModelFit"), false),
            ("valueFitProblem", S.string, false), ("donors", S.integer, true)]),
        "DonorPrediction": S.object([
            ("constituentId", S.identifier, true), ("currency", S.currency, true), ("asOf", S.date, true),
            ("prediction", S.object([
                ("transactions", S.integer, true), ("probabilityAlive", share, true), ("expectedGifts1Year", number, true),
                ("expectedGifts3Years", number, true), ("expectedGifts5Years", number, true), ("expectedGiftValueMinor", S.integer, true),
                ("lifetimeValueMinor", S.integer, true), ("lapseRisk", S.boolean, true)]), false),
            ("explanation", S.string, false),
            ("ask", S.object([("amountsMinor", S.array(S.integer), true), ("basis", S.oneOf(AskBasis.self), true), ("reason", S.string, true)]), true),
            ("transactionsFitId", S.identifier, false), ("valueFitId", S.identifier, false)]),
        "PredictionSettings": S.object([
            ("discountRate", share, true), ("lifetimeYears", S.type("integer", ["minimum": 1, "maximum": 20]), true),
            ("lapseThreshold", share, true)]),
    ]

    /// The paths.
    static var paths: [String: JSONValue] {
        let id = D.parameter("id", in: "path", S.identifier)
        let bodyProblems: [String: JSONValue] = ["400": D.problem("The body is not a JSON object"), "413": D.problem("The body is larger than 1 MiB"),
                                                 "422": D.problem("Invalid fields, each named")]
        let settings = D.json("The settings", S.ref("PredictionSettings"))
        return [
            "/api/v1/models": ["get": D.operation(
                "modelsList", "The stored model fits, newest first, with the data each came from", "predictions",
                parameters: [D.parameter("limit", in: "query", S.type("integer", ["minimum": 1, "maximum": 500]))],
                responses: ["200": D.json("The fits", S.object([("fits", S.array(S.ref("ModelFit")), true)])),
                            "422": D.problem("Invalid limit")])],
            "/api/v1/models/{id}": ["get": D.operation(
                "modelsRead", "One stored model fit", "predictions", parameters: [id],
                responses: ["200": D.json("The fit", S.ref("ModelFit")), "404": D.problem("No such fit")])],
            "/api/v1/models/fit": ["post": D.operation(
                "modelsFit", "Fit BG/BB, BG/NBD or Gamma-Gamma to the gifts named and store the fit", "predictions", body: "ModelFitRequest",
                responses: bodyProblems.merging(["201": D.json("The stored fit", S.ref("ModelFit")),
                                                 "422": D.problem("Invalid fields, or the model cannot be fitted to these gifts")]) { $1 })],
            "/api/v1/models/predict": ["post": D.operation(
                "modelsPredict", "Refit BG/NBD and Gamma-Gamma to every gift up to today and refresh every donor's prediction", "predictions",
                responses: ["200": D.json("The fits and how many donors", S.ref("PredictionRefresh")),
                            "422": D.problem("The models cannot be fitted to the gifts there are")])],
            "/api/v1/constituents/{id}/prediction": ["get": D.operation(
                "constituentsPrediction", "A donor's prediction, its plain explanation and ask ladder", "predictions", parameters: [id],
                responses: ["200": D.json("The prediction", S.ref("DonorPrediction")),
                            "404": D.problem("No such constituent, or no counted gift to predict from")])],
            "/api/v1/settings/predictions": [
                "get": D.operation("settingsPredictionsRead", "Discount rate, lifetime years and lapse threshold", "settings",
                                   responses: ["200": settings]),
                "put": D.operation("settingsPredictionsReplace", "Replace the prediction settings (admins only)", "settings",
                                   body: "PredictionSettings", responses: bodyProblems.merging(["200": settings]) { $1 }),
            ],
        ]
    }
}
