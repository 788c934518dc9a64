import { describe, expect, it } from 'vitest';
import { isRemoteSource, nameOf, withoutCredentials } from '../src/store/source.js';

/** What collect keeps of a location someone typed: never its credentials, never an unsafe name. */
describe('collect sources', () => {
  it('strips credentials from a URL before it is stored or printed', () => {
    expect(withoutCredentials('https://ci-bot:ghp_secretToken123@git.example.com/team/api.git')).toBe(
      'https://git.example.com/team/api.git',
    );
    expect(withoutCredentials('https://token@git.example.com/team/api.git')).toBe('https://git.example.com/team/api.git');
    expect(withoutCredentials('ssh://git@git.example.com/team/api.git')).toBe('ssh://git.example.com/team/api.git');
    expect(withoutCredentials('/srv/repos/api')).toBe('/srv/repos/api');
  });

  it('tells URLs from folders, and names them with safe characters only', () => {
    expect(isRemoteSource('git@git.example.com:team/api.git')).toBe(true);
    expect(isRemoteSource('file:///srv/api.git')).toBe(true);
    expect(isRemoteSource('../api')).toBe(false);
    expect(nameOf('https://git.example.com/team/api.git')).toBe('api');
    expect(nameOf('/srv/repos/my repo\u001b[2J/')).toMatch(/^[\w.-]+$/);
  });
});
