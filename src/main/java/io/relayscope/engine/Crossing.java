package io.relayscope.engine;

/**
 * How what one model wrote reaches the other in a relay: the same ids when the pair shares a vocabulary, or the
 * tokens' text, re-encoded by the receiver's own tokenizer, when their tokenizers differ (the text bridge).
 */
interface Crossing {

    /** Tokens (in the writer's vocabulary) the receiver is to read. */
    void tokens(int[] ids);

    /** A call command, which the LLM reads as one space (the reference replaces each tag span by " "). */
    void commandSpace();

    /** Ids pass as they are (a shared vocabulary). */
    static Crossing sameIds(TurnTaker receiver, TextTokenizer receiverTokenizer) {
        int[] space = receiverTokenizer.encode(" ");
        return new Crossing() {
            @Override
            public void tokens(int[] ids) {
                receiver.see(ids);
            }

            @Override
            public void commandSpace() {
                receiver.see(space);
            }
        };
    }

    /** Ids become the writer's token bytes, which the receiver encodes when it reads them. */
    static Crossing asText(TextFedTurnTaker receiver, TextTokenizer writerTokenizer) {
        return new Crossing() {
            @Override
            public void tokens(int[] ids) {
                for (int id : ids) {
                    receiver.seeText(writerTokenizer.tokenBytes(id));
                }
            }

            @Override
            public void commandSpace() {
                receiver.seeText(new byte[] {' '});
            }
        };
    }
}
