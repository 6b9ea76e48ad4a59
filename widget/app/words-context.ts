import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { EN, type Words } from './words.ts';

/** The window's words in the visitor's language; English where no provider says otherwise. */
export const WordsContext = createContext<Words>(EN);

export const useWords = (): Words => useContext(WordsContext);
