import { InterruptedError } from '../errors.js';

/**
 * Asks for a protected key's passphrase on the terminal (hooks have no usable stdin, so
 * /dev/tty), masked. No terminal, or AI_ATTEST_NO_PROMPT=1: no answer, and the caller says to
 * set AI_ATTEST_PASSPHRASE. Loaded only when a key is encrypted, so a plain commit pays nothing.
 */
export async function askPassphraseOnTerminal(fingerprint: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (env.AI_ATTEST_NO_PROMPT === '1') return undefined;
  const { openTerminal } = await import('./terminal.js');
  const terminal = openTerminal();
  if (!terminal) return undefined;
  try {
    const { password } = await import('@inquirer/prompts');
    return await password(
      { message: `Passphrase of your signing key ${fingerprint.slice(-16)}:`, mask: true, theme: { prefix: 'ai-attest ?' } },
      { input: terminal.input, output: terminal.output, clearPromptOnDone: true },
    );
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') throw new InterruptedError();
    throw error;
  } finally {
    terminal.close();
  }
}
