// https://docs.github.com/actions/reference/workflow-commands-for-github-actions

/** A workflow command's message: %, CR and LF escaped so that one annotation stays one line. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value (file=, title=): also : and , escaped. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
