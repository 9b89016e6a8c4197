/// Every `kan` subcommand, in the order `kan --help` lists them.
///
/// To add one (planned: fit, train, predict, info), write `<Name>Command.swift` with a type
/// conforming to `Subcommand` and add one line here.
let subcommands: [any Subcommand.Type] = [
  DemoCommand.self,
  BenchCommand.self,
  FitCommand.self,
  TrainCommand.self,
  PredictCommand.self,
  InfoCommand.self,
  AttributeCommand.self,
  DiscoverCommand.self,
  PlotCommand.self,
]

/// The command `kan` runs when given no command, or only options.
let defaultSubcommand: any Subcommand.Type = DemoCommand.self
