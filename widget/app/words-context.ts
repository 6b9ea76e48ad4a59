import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { WORDS, type Words } from './words.ts';

/** The window's words in the visitor's language; English where no provider says otherwise. */
export const WordsContext = createContext<Words>(WORDS.en);

export const useWords = (): Words => useContext(WordsContext);
