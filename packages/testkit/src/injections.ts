/**
 * Runner and agent commands that would do harm if a hostile server, file or input got one obeyed: GitHub's
 * `::name::` at a line's start and `##[…]`, Azure's `##vso[…]`. Each suite that checks the output sink (core's
 * rules, the bundles end to end) feeds these same ones.
 */
export const CI_COMMAND_INJECTIONS = [
  '::stop-commands::x',
  '::add-mask::x',
  '##vso[task.prependpath]/tmp/evil',
  '##vso[task.setvariable variable=X]evil',
  '##vso[task.setendpoint id=x;field=authParameter;key=password]evil',
  '##vso[task.addattachment type=x;name=y]/etc/passwd',
  '##vso[task.uploadfile]/etc/passwd',
  '##[set-output name=a]b',
] as const;
